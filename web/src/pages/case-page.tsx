import { ApiError, get } from '../api/client';
import type { CaseEvent, CaseView, Role } from '../api/types';
import { CaseActions } from '../components/case-actions';
import { CaseFacts } from '../components/case-facts';
import { Deadlines } from '../components/deadlines';
import { Timeline } from '../components/timeline';
import { useI18n } from '../i18n';
import { usePoll } from '../use-poll';

/** One case: what it is, its deadlines, visits, result and feedback, its timeline, and what one may do. */
export function CasePage({ id, role }: { id: string; role: Role }) {
  const { t, tx, date } = useI18n();
  const path = `/v1/cases/${encodeURIComponent(id)}`;
  const polled = usePoll(
    async (signal) => {
      const [c, events] = await Promise.all([get<CaseView>(path, signal), get<{ items: CaseEvent[] }>(`${path}/events`, signal)]);
      return { c, events: events.items };
    },
    [path],
  );
  if (polled.error instanceof ApiError && polled.error.status === 404) return <p role="alert">{t('case.notFound', { id })}</p>;
  if (!polled.data) return <p>{t('app.loading')}</p>;
  const { c, events } = polled.data;
  const now = polled.at ?? Date.now();
  return (
    <article className="case-page">
      <p>
        <a href="#" onClick={(e) => (e.preventDefault(), history.back())}>
          ← {t('case.back')}
        </a>
      </p>
      <h1>{c.title ?? t('case.title', { id: c.id })}</h1>
      <p className="muted">{c.id}</p>
      <div className="columns">
        <section className="panel">
          <h2>{t('case.description')}</h2>
          <p className="description">{c.description}</p>
          <CaseFacts c={c} />
        </section>
        <section className="panel">
          <h2>{t('case.deadlines')}</h2>
          <Deadlines c={c} now={now} />
          <h2>{t('case.visits')}</h2>
          {c.visits.length === 0 ? (
            <p className="muted">{t('case.noVisits')}</p>
          ) : (
            <ul>
              {c.visits.map((v) => (
                <li key={v.id}>
                  {t('case.visitPlanned', { when: date(v.scheduledFor), cadres: v.cadres.join(', ') })}: {v.findings ?? <span className="muted">{t('case.visitOpen')}</span>}
                </li>
              ))}
            </ul>
          )}
          <h2>{t('case.resolution')}</h2>
          <p>{c.resolution ? `${tx('outcome', c.resolution.outcome)}: ${c.resolution.summary}` : <span className="muted">{t('case.none')}</span>}</p>
          <h2>{t('case.feedback')}</h2>
          <p>{c.feedback ? `${tx('rating', c.feedback.rating)}${c.feedback.comment ? `: ${c.feedback.comment}` : ''}` : <span className="muted">{t('case.none')}</span>}</p>
        </section>
      </div>
      {c.status !== 'closed' ? (
        <section className="panel">
          <h2>{t('action.actions')}</h2>
          <CaseActions c={c} role={role} onDone={polled.refresh} />
        </section>
      ) : null}
      <section className="panel">
        <h2>{t('case.timeline')}</h2>
        <Timeline events={events} />
      </section>
    </article>
  );
}
