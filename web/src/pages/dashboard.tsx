import { useState } from 'react';
import { get, qs } from '../api/client';
import type { CaseView, MetricsSummary, Ranking } from '../api/types';
import { Bars, percent } from '../components/bars';
import { AwaitingDispatch } from '../dashboard/awaiting-dispatch';
import { CaseTable } from '../dashboard/case-table';
import { RankingView } from '../dashboard/ranking';
import { useI18n } from '../i18n';
import { POLL_MS, usePoll } from '../use-poll';

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
/** The escalation ladder's levels above the first (the default policy has five). */
const ESCALATED_LEVELS = [1, 2, 3, 4, 5] as const;

/** Supervisors: rates and ranking for a period, what is stuck, and what waits for a dispatcher. Live. */
export function Dashboard() {
  const { t, date } = useI18n();
  const [days, setDays] = useState<number>(30);
  const [groupBy, setGroupBy] = useState<'department' | 'street'>('department');
  const figures = usePoll(
    async (signal) => {
      const period = { from: new Date(Date.now() - days * DAY_MS).toISOString(), groupBy };
      const [ranking, summary, overdue, backlog, ...escalated] = await Promise.all([
        get<Ranking>(`/v1/metrics/ranking${qs(period)}`, signal),
        get<MetricsSummary>(`/v1/metrics/summary${qs(period)}`, signal),
        get<{ items: CaseView[] }>('/v1/cases?overdue=true&limit=50', signal),
        get<{ items: CaseView[] }>('/v1/cases?backlog=true&limit=50', signal),
        // The list filters on one level at a time; a supervisor's escalation need not be overdue.
        ...ESCALATED_LEVELS.map((n) => get<{ items: CaseView[] }>(`/v1/cases${qs({ escalationLevel: n, limit: 50 })}`, signal)),
      ]);
      const stuck = new Map([...overdue.items, ...escalated.flatMap((p) => p.items)].filter((c) => c.status !== 'closed').map((c) => [c.id, c]));
      return { ranking, summary, overdue: [...stuck.values()].sort((a, b) => b.escalationLevel - a.escalationLevel || Number(b.overdue) - Number(a.overdue)), backlog: backlog.items };
    },
    [days, groupBy],
  );
  const data = figures.data;
  const now = figures.at ?? Date.now();
  const total = data?.summary.total;
  const levels = Object.entries(total?.escalationsByLevel ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="controls">
        <label>
          {t('dashboard.period')}{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                {t('dashboard.days', { n })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.groupBy')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as 'department' | 'street')}>
            <option value="department">{t('dashboard.byDepartment')}</option>
            <option value="street">{t('dashboard.byStreet')}</option>
          </select>
        </label>
        <span className="muted" aria-live="off">
          {t('app.live', { s: POLL_MS / 1000 })}
          {figures.at ? ` · ${t('app.updatedAt', { time: date(figures.at) })}` : ''}
        </span>
      </div>
      {!data ? <p>{t('app.loading')}</p> : null}
      {total ? (
        <section className="panel" aria-labelledby="totals">
          <h2 id="totals">{t('dashboard.totals')}</h2>
          <dl className="tiles">
            {(
              [
                ['received', total.received],
                ['resolved', total.resolved],
                ['overdue', total.overdue],
                ['backlog', total.backlog],
                ['visits', total.visits],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="tile" data-tile={k}>
                <dt>{t(`dashboard.${k}`)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
            {(['response', 'resolution', 'satisfaction'] as const).map((r) => (
              <div key={r} className="tile" data-tile={r}>
                <dt>{t(`rate.${r}`)}</dt>
                <dd>{percent(total.rates[r])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {data ? (
        <section className="panel" aria-labelledby="ranking">
          <h2 id="ranking">{t('dashboard.ranking')}</h2>
          <RankingView ranking={data.ranking} groupBy={groupBy} />
        </section>
      ) : null}
      <div className="columns">
        <section className="panel" aria-labelledby="awaiting">
          <h2 id="awaiting">{t('dashboard.awaiting')}</h2>
          <AwaitingDispatch onDispatched={figures.refresh} />
        </section>
        <section className="panel" aria-labelledby="escalations">
          <h2 id="escalations">{t('dashboard.escalations')}</h2>
          {levels.length === 0 ? (
            <p className="muted">{t('dashboard.none')}</p>
          ) : (
            <Bars title={t('dashboard.escalations')} max={Math.max(...levels.map(([, n]) => n))} bars={levels.map(([l, n]) => ({ label: t('dashboard.level', { n: l }), value: n, text: String(n) }))} />
          )}
        </section>
      </div>
      {data ? (
        <div className="columns">
          <section className="panel" aria-labelledby="overdue">
            <h2 id="overdue">{t('dashboard.overdueCases')}</h2>
            <CaseTable cases={data.overdue} now={now} label={t('dashboard.overdueCases')} />
          </section>
          <section className="panel" aria-labelledby="backlog">
            <h2 id="backlog">{t('dashboard.backlogCases')}</h2>
            <CaseTable cases={data.backlog} now={now} label={t('dashboard.backlogCases')} />
          </section>
        </div>
      ) : null}
    </div>
  );
}
