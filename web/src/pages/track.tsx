import { Alert, Button, Card, Descriptions, Form, Input, Radio, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, call } from '../api/client';
import { useI18n } from '../i18n';

/** What GET /public/v1/cases/{trackingCode} answers: nothing personal. */
interface PublicCase {
  number: string;
  status: string;
  statusText?: string;
  category?: string;
  department?: string;
  nextStep?: string;
  dueAt?: string;
  canRate?: boolean;
  timeline: { at: string; what: string }[];
}

type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** A resident follows their case by its tracking code, without signing in, and rates it when asked. */
export function Track({ code }: { code: string }) {
  const { t, tx, lang, date } = useI18n();
  const [found, setFound] = useState<PublicCase | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    call<PublicCase>('GET', `/public/v1/cases/${encodeURIComponent(code)}?lang=${lang}`, { signal: ctl.signal }).then(
      (c) => (setFound(c), setError(null)),
      (e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError && e.status === 404 ? t('track.notFound') : (e as Error).message);
      },
    );
    return () => ctl.abort();
  }, [code, lang, reload, t]);
  const rate = async (v: { rating: Rating; comment?: string }) => {
    setBusy(true);
    try {
      await call('POST', `/public/v1/cases/${encodeURIComponent(code)}/feedback`, { body: { rating: v.rating, comment: v.comment ?? '' } });
      setSent(true);
      setReload((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="track">
      <h1>{t('track.title')}</h1>
      {error ? <Alert type="warning" showIcon message={error} /> : null}
      {sent ? <Alert type="success" showIcon message={t('track.thanks')} role="status" /> : null}
      {found ? (
        <Card title={t('track.number', { number: found.number })} extra={<strong data-status={found.status}>{found.statusText ?? tx('status', found.status)}</strong>}>
          <Descriptions column={1} size="small">
            {found.category ? <Descriptions.Item label={t('track.category')}>{found.category}</Descriptions.Item> : null}
            {found.department ? <Descriptions.Item label={t('track.department')}>{found.department}</Descriptions.Item> : null}
            {found.dueAt ? <Descriptions.Item label={t('track.dueAt')}>{date(found.dueAt)}</Descriptions.Item> : null}
          </Descriptions>
          {/* The API words the next step as a whole sentence ("Next step: …"). */}
          {found.nextStep && found.nextStep !== found.statusText ? <p className="track-next">{found.nextStep}</p> : null}
          <h2>{t('track.timeline')}</h2>
          <Timeline items={found.timeline.map((e) => ({ children: <><div>{e.what}</div><small>{date(e.at)}</small></> }))} />
          {found.canRate && !sent ? (
            <Form layout="vertical" onFinish={(v: { rating: Rating; comment?: string }) => void rate(v)} aria-label={t('track.rate')}>
              <Form.Item name="rating" label={t('track.rate')} rules={[{ required: true }]}>
                <Radio.Group>
                  {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((r) => (
                    <Radio.Button key={r} value={r}>
                      {tx('rating', r)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="comment" label={t('track.comment')}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block disabled={busy}>
                {t('track.send')}
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
