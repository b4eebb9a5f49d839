import { useState } from 'react';
import { get, post } from '../api/client';
import type { CaseView, DispatchOption } from '../api/types';
import { problemText } from '../components/problem-text';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { caseHref } from '../router';
import { usePoll } from '../use-poll';

/**
 * Cases waiting for a person to classify or route them, with the classifier's suggestions, each
 * already routed to a department: one click dispatches. Anything else: the case page's form.
 */
export function AwaitingDispatch({ onDispatched }: { onDispatched(): void }) {
  const { t, date } = useI18n();
  const names = useDirectory();
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const polled = usePoll(async (signal) => {
    const page = await get<{ items: CaseView[] }>('/v1/cases?status=awaiting_dispatch&limit=20', signal);
    return Promise.all(
      page.items.map(async (c) => ({ c, options: (await get<{ items: DispatchOption[] }>(`/v1/cases/${encodeURIComponent(c.id)}/dispatch-options`, signal)).items })),
    );
  }, []);

  const dispatch = async (c: CaseView, o: DispatchOption) => {
    setBusy(c.id);
    try {
      // The key names the choice, so a double click or a retry after a lost answer dispatches once.
      await post(`/v1/cases/${encodeURIComponent(c.id)}/dispatch`, { categoryId: o.categoryId, departmentId: o.departmentId }, `dispatch-${c.id}-${o.categoryId}-${o.departmentId}`);
      setMessages((m) => ({ ...m, [c.id]: { ok: true, text: t('dashboard.dispatched', { id: c.id }) } }));
      polled.refresh();
      onDispatched();
    } catch (error) {
      setMessages((m) => ({ ...m, [c.id]: { ok: false, text: problemText(error, t) } }));
    } finally {
      setBusy(null);
    }
  };

  const items = polled.data ?? [];
  return (
    <div>
      {Object.entries(messages).map(([id, m]) => (
        <p key={id} className={`form-message ${m.ok ? 'ok' : 'error'}`} role={m.ok ? 'status' : 'alert'}>
          {m.text}
        </p>
      ))}
      {polled.data && items.length === 0 ? <p className="muted">{t('dashboard.none')}</p> : null}
      <ul className="case-list">
        {items.map(({ c, options }) => (
          <li key={c.id} data-case={c.id}>
            <a href={caseHref(c.id)}>{c.title ?? c.description.slice(0, 60)}</a>
            <div className="muted">
              {names.jurisdiction(c.location.jurisdictionId)} · {date(c.createdAt)}
            </div>
            <div className="suggestions" role="group" aria-label={t('dashboard.suggestions')}>
              {options.map((o) =>
                o.departmentId ? (
                  <button key={o.categoryId} type="button" disabled={busy === c.id} onClick={() => void dispatch(c, o)}>
                    {t('dashboard.dispatchTo', { category: names.category(o.categoryId), department: names.department(o.departmentId) })}
                  </button>
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
