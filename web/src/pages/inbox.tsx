import { useRef, useState } from 'react';
import { get } from '../api/client';
import type { CaseView } from '../api/types';
import { CaseActions } from '../components/case-actions';
import { NextDeadline } from '../components/deadlines';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { caseHref } from '../router';
import { usePoll } from '../use-poll';

const nearest = (c: CaseView) => c.deadlines.reduce((m, d) => (d.dueAt < m ? d.dueAt : m), '9999');

/** A department's open assignments, nearest deadline first, with the work on each one at hand. */
export function Inbox() {
  const { t, tx } = useI18n();
  const names = useDirectory();
  const tasks = usePoll((signal) => get<{ items: CaseView[] }>('/v1/tasks', signal), []);
  const [selected, setSelected] = useState<string | null>(null);
  const now = tasks.at ?? Date.now();
  // The API sorts by the most urgent deadline already; sorting again keeps the promise if it changes.
  const items = [...(tasks.data?.items ?? [])].sort((a, b) => nearest(a).localeCompare(nearest(b)));
  // A case leaves the inbox once resolved; keep showing it so the person sees what their action did.
  const last = useRef<CaseView | undefined>(undefined);
  const found = items.find((c) => c.id === selected);
  if (found || last.current?.id !== selected) last.current = found;
  const current = last.current;
  return (
    <div>
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.intro')}</p>
      {tasks.data && items.length === 0 ? <p>{t('inbox.empty')}</p> : null}
      {items.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('inbox.case')}</th>
              <th scope="col">{t('case.where')}</th>
              <th scope="col">{t('case.urgency')}</th>
              <th scope="col">{t('case.status')}</th>
              <th scope="col">{t('inbox.next')}</th>
              <th scope="col">{t('action.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className={c.id === selected ? 'selected' : undefined} data-case={c.id}>
                <td>
                  <a href={caseHref(c.id)}>{c.title ?? c.description.slice(0, 40)}</a>
                </td>
                <td>{names.jurisdiction(c.location.jurisdictionId)}</td>
                <td>{tx('urgency', c.urgency)}</td>
                <td>{tx('status', c.status)}</td>
                <td>
                  <NextDeadline c={c} now={now} />
                </td>
                <td>
                  <button type="button" onClick={() => setSelected(c.id)} aria-pressed={c.id === selected}>
                    {t('inbox.work')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {current ? (
        <section className="panel" aria-label={t('inbox.working', { id: current.id })}>
          <h2>{t('inbox.working', { id: current.title ?? current.id })}</h2>
          <p className="description">{current.description}</p>
          <CaseActions c={current} role="department" onDone={tasks.refresh} />
        </section>
      ) : null}
    </div>
  );
}
