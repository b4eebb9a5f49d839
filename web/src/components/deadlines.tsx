import { PauseCircleOutlined } from '@ant-design/icons';
import type { CaseView } from '../api/types';
import { nearestDeadline } from '../case-label';
import { useI18n } from '../i18n';

/** Each running step's deadline: when, and the time left or how late it is; a paused clock says so. */
export function Deadlines({ c, now }: { c: CaseView; now: number }) {
  const { t, tx, date, due } = useI18n();
  if (c.deadlines.length === 0) return <p className="muted">{t('case.noDeadlines')}</p>;
  return (
    <ul className="deadlines">
      {c.deadlines.map((d) => {
        const paused = d.paused || c.paused;
        const late = !paused && new Date(d.dueAt).getTime() < now;
        return (
          <li key={d.step} className={paused ? 'paused' : late ? 'late' : d.warned ? 'warned' : undefined}>
            <strong>{tx('step', d.step)}</strong> <span className="nowrap">{date(d.dueAt)}</span> ·{' '}
            <span className="due">{paused ? <Paused /> : due(d.dueAt, now)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Paused() {
  const { t } = useI18n();
  return (
    <span className="paused">
      <PauseCircleOutlined /> {t('time.paused')}
    </span>
  );
}

/** The nearest deadline of a case, for lists and cards: "paused" while the clock stands. */
export function NextDeadline({ c, now }: { c: CaseView; now: number }) {
  const { t, tx, due } = useI18n();
  const next = nearestDeadline(c);
  if (!next) return <span className="muted">—</span>;
  if (next.paused || c.paused)
    return (
      <span className="next-deadline">
        {t('time.stepDue', { step: tx('step', next.step), due: '' })}
        <Paused />
      </span>
    );
  const late = new Date(next.dueAt).getTime() < now;
  return (
    <span className={late ? 'next-deadline late' : 'next-deadline'}>
      {t('time.stepDue', { step: tx('step', next.step), due: due(next.dueAt, now) })}
    </span>
  );
}
