import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover } from 'antd';
import { useEffect, useState } from 'react';
import { get, post } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n';
import { useLive } from '../live';
import { caseHref } from '../router';

type Notification = components['schemas']['Notification'];
interface Page {
  items: Notification[];
  unread: number;
}

/**
 * The signed-in person's in-app notifications (`GET /v1/notifications`): a bell with the unread
 * count, reloaded when the stream pushes one. Each says what happened (by its kind, in the
 * user's language) to which case; opening it marks it read.
 */
export function NotificationBell() {
  const { t, tx, date } = useI18n();
  const live = useLive();
  const [page, setPage] = useState<Page | null>(null);
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    get<Page>('/v1/notifications?limit=10', controller.signal).then(setPage, () => {});
    return () => controller.abort();
  }, [live.notified, tick]);
  if (!page) return null;
  const read = async (n: Notification) => {
    setOpen(false);
    if (!n.read) await post(`/v1/notifications/${encodeURIComponent(n.id)}/read`, {}).catch(() => {});
    setTick((x) => x + 1);
    if (n.caseId) location.hash = caseHref(n.caseId);
  };
  const content = page.items.length ? (
    <ul className="notifications">
      {page.items.map((n) => (
        <li key={n.id} className={n.read ? 'read' : 'unread'}>
          <button type="button" onClick={() => void read(n)}>
            <strong>{tx('event', n.kind)}</strong>
            {n.caseNumber ? <span className="case-number-link"> {n.caseNumber}</span> : null}
            <span className="muted nowrap"> · {date(n.createdAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  ) : (
    <p className="muted">{t('notifications.none')}</p>
  );
  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={page.unread} size="small" offset={[-4, 4]}>
        <Button size="small" type="text" className="bell" icon={<BellOutlined />} aria-label={t('notifications.label', { n: page.unread })} data-unread={page.unread} />
      </Badge>
    </Popover>
  );
}
