import type { CaseView } from '../api/types';
import { useI18n } from '../i18n';

/** Each running step's deadline: when, and the time left or how late it is. */
export function Deadlines({ c, now }: { c: CaseView; now: number }) {
  const { t, tx, date, due } = useI18n();
  if (c.deadlines.length === 0) return <p className="muted">{t('case.noDeadlines')}</p>;
  return (
    <ul className="deadlines">
      {c.deadlines.map((d) => {
        const late = new Date(d.dueAt).getTime() < now;
        return (
          <li key={d.step} className={late ? 'late' : d.warned ? 'warned' : undefined}>
            <strong>{tx('step', d.step)}</strong> {date(d.dueAt)} · <span>{d.paused ? t('time.paused') : due(d.dueAt, now)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** The nearest deadline of a case, for lists. */
export function NextDeadline({ c, now }: { c: CaseView; now: number }) {
  const { tx, due } = useI18n();
  const next = [...c.deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!next) return <span className="muted">—</span>;
  const late = new Date(next.dueAt).getTime() < now;
  return (
    <span className={late ? 'late' : undefined}>
      {tx('step', next.step)}: {due(next.dueAt, now)}
    </span>
  );
}
