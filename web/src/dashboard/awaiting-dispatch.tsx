import { Alert, Button } from 'antd';
import { useState } from 'react';
import { get, post } from '../api/client';
import type { CasePage, CaseView, DispatchOption } from '../api/types';
import { caseNumber, caseTitle } from '../case-label';
import { UrgencyTag } from '../components/tags';
import { useDirectory } from '../directory';
import { problemText } from '../errors';
import { useI18n } from '../i18n';
import { useLiveData } from '../live';
import { caseHref } from '../router';

/**
 * Cases waiting for a person to classify or route them, with the classifier's suggestions, each
 * already routed to a department: one click dispatches. Anything else: the case page's form.
 */
export function AwaitingDispatch({ onDispatched }: { onDispatched(): void }) {
  const { t, tx, date } = useI18n();
  const names = useDirectory();
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const loaded = useLiveData(async (signal) => {
    const page = await get<CasePage>('/v1/cases?status=awaiting_dispatch&limit=20', signal);
    return Promise.all(
      page.items.map(async (c) => ({ c, options: (await get<{ items: DispatchOption[] }>(`/v1/cases/${encodeURIComponent(c.id)}/dispatch-options`, signal)).items })),
    );
  }, []);

  const dispatch = async (c: CaseView, o: DispatchOption) => {
    setBusy(c.id);
    setMessages({});
    try {
      // The key names the choice, so a double click or a retry after a lost answer dispatches once.
      await post(`/v1/cases/${encodeURIComponent(c.id)}/dispatch`, { categoryId: o.categoryId, departmentId: o.departmentId }, `dispatch-${c.id}-${o.categoryId}-${o.departmentId}`);
      setMessages({ [c.id]: { ok: true, text: t('dashboard.dispatched', { number: caseNumber(c), department: names.department(o.departmentId) }) } });
      loaded.refresh();
      onDispatched();
    } catch (error) {
      setMessages({ [c.id]: { ok: false, text: problemText(error, t, { action: t('action.dispatch'), status: (s) => tx('status', s), actionName: (a) => tx('action', a) }) } });
    } finally {
      setBusy(null);
    }
  };

  const items = loaded.data ?? [];
  return (
    <div className="awaiting">
      {Object.entries(messages).map(([id, m]) => (
        <Alert key={id} className="form-message" type={m.ok ? 'success' : 'error'} showIcon role={m.ok ? 'status' : 'alert'} title={m.text} />
      ))}
      {loaded.data && items.length === 0 ? <p className="muted">{t('dashboard.none')}</p> : null}
      <ul className="case-list">
        {items.map(({ c, options }) => (
          <li key={c.id} data-case={c.id}>
            <a href={caseHref(c.id)} className="awaiting-title">
              <span className="case-number-link">{caseNumber(c)}</span> {caseTitle(c)}
            </a>
            <div className="muted">
              <UrgencyTag urgency={c.urgency} /> {names.jurisdiction(c.location.jurisdictionId)} · {date(c.createdAt)}
            </div>
            <div className="suggestions" role="group" aria-label={t('dashboard.suggestions')}>
              {options.map((o) =>
                o.departmentId ? (
                  <Button key={o.categoryId} disabled={busy === c.id} onClick={() => void dispatch(c, o)} className="suggestion">
                    {t('dashboard.dispatchTo', { category: names.category(o.categoryId), department: names.department(o.departmentId) })}
                  </Button>
                ) : (
                  <a key={o.categoryId} href={caseHref(c.id)}>
                    {t('dashboard.noRoute', { category: names.category(o.categoryId) })}
                  </a>
                ),
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
