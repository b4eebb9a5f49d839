import { Card, Segmented, Select, Space, Statistic } from 'antd';
import { useMemo, useState } from 'react';
import { get, qs } from '../api/client';
import type { CasePage, CaseView, MetricsSummary, Ranking } from '../api/types';
import { percent } from '../components/bars';
import { CaseList } from '../components/case-list';
import { EChart, type ChartOption } from '../components/chart';
import { AwaitingDispatch } from '../dashboard/awaiting-dispatch';
import { RankingView } from '../dashboard/ranking';
import { useI18n } from '../i18n';
import { useLive, useLiveData } from '../live';

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
/** The escalation ladder's levels above the first (the default policy has five). */
const ESCALATED_LEVELS = [1, 2, 3, 4, 5] as const;
const LEVEL_COLOURS = ['#fadb14', '#fa8c16', '#fa541c', '#cf1322', '#820014'];

/** Supervisors: trends and rates for a period, the ranking, what is stuck, and what waits for a dispatcher. Updated by the event stream. */
export function Dashboard() {
  const { t, date, lang } = useI18n();
  const live = useLive();
  const [days, setDays] = useState<number>(30);
  const [groupBy, setGroupBy] = useState<'department' | 'street'>('department');
  const figures = useLiveData(
    async (signal) => {
      const period = { from: new Date(Date.now() - days * DAY_MS).toISOString() };
      const [ranking, summary, daily, overdue, backlog, ...escalated] = await Promise.all([
        get<Ranking>(`/v1/metrics/ranking${qs({ ...period, groupBy })}`, signal),
        get<MetricsSummary>(`/v1/metrics/summary${qs({ ...period, groupBy })}`, signal),
        get<MetricsSummary>(`/v1/metrics/summary${qs({ ...period, groupBy: 'day' })}`, signal),
        get<CasePage>('/v1/cases?overdue=true&limit=50&sort=nextDueAt', signal),
        get<CasePage>('/v1/cases?backlog=true&limit=50', signal),
        // The list filters on one level at a time; a supervisor's escalation need not be overdue.
        ...ESCALATED_LEVELS.map((n) => get<CasePage>(`/v1/cases${qs({ escalationLevel: n, limit: 50 })}`, signal)),
      ]);
      const stuck = new Map([...overdue.items, ...escalated.flatMap((p) => p.items)].filter((c) => c.status !== 'closed').map((c) => [c.id, c]));
      const sorted: CaseView[] = [...stuck.values()].sort((a, b) => b.escalationLevel - a.escalationLevel || Number(b.overdue) - Number(a.overdue));
      return { ranking, summary, daily, overdue: sorted, backlog: backlog.items };
    },
    [days, groupBy],
    () => true,
    // Eleven requests per reload: a busy city's stream must not turn into a poll of its own.
    5_000,
  );
  const data = figures.data;
  const now = figures.at ?? Date.now();
  const total = data?.summary.total;
  const trend = useMemo(() => (data ? trendOptions(data.daily, days, t, lang) : null), [data, days, t, lang]);

  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="controls">
        <Segmented
          aria-label={t('dashboard.period')}
          value={days}
          onChange={(v) => setDays(Number(v))}
          options={PERIODS.map((n) => ({ value: n, label: t('dashboard.days', { n }) }))}
        />
        <label className="inline-select">
          {t('dashboard.groupBy')}{' '}
          <Select
            id="dashboard-group"
            value={groupBy}
            onChange={(v: 'department' | 'street') => setGroupBy(v)}
            options={[
              { value: 'department', label: t('dashboard.byDepartment') },
              { value: 'street', label: t('dashboard.byStreet') },
            ]}
            style={{ minWidth: 120 }}
          />
        </label>
        <span className={`live-state live-${live.state}`} aria-live="off" data-live={live.state} data-events={live.received}>
          {t(`live.${live.state}`)}
          {figures.at ? ` · ${t('app.updatedAt', { time: date(figures.at) })}` : ''}
        </span>
      </div>
      {!data ? <p>{t('app.loading')}</p> : null}
      {total ? (
        <Card size="small" className="panel-card" title={<h2 id="totals">{t('dashboard.totals')}</h2>}>
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
                <Statistic title={<dt>{t(`dashboard.${k}`)}</dt>} value={v} valueRender={(n) => <dd>{n}</dd>} />
              </div>
            ))}
            {(['response', 'resolution', 'satisfaction'] as const).map((r) => (
              <div key={r} className="tile" data-tile={r}>
                <Statistic title={<dt>{t(`rate.${r}`)}</dt>} value={percent(total.rates[r])} valueRender={(n) => <dd>{n}</dd>} />
              </div>
            ))}
          </dl>
        </Card>
      ) : null}
      {trend ? (
        <div className="chart-grid">
          <Card size="small" className="panel-card" title={<h2>{t('dashboard.trend')}</h2>}>
            <EChart option={trend.counts} label={t('dashboard.trend')} />
          </Card>
          <Card size="small" className="panel-card" title={<h2>{t('dashboard.rateTrend')}</h2>}>
            <EChart option={trend.rates} label={t('dashboard.rateTrend')} />
          </Card>
          <Card size="small" className="panel-card" title={<h2 id="escalations">{t('dashboard.escalationTrend')}</h2>}>
            <EChart option={trend.escalations} label={t('dashboard.escalationTrend')} />
          </Card>
        </div>
      ) : null}
      {data ? (
        <Card size="small" className="panel-card" title={<h2 id="ranking">{t('dashboard.ranking')}</h2>}>
          <RankingView ranking={data.ranking} groupBy={groupBy} />
        </Card>
      ) : null}
      <div className="columns">
        <Card size="small" className="panel-card" title={<h2 id="awaiting">{t('dashboard.awaiting')}</h2>}>
          <section aria-labelledby="awaiting">
            <AwaitingDispatch onDispatched={figures.refresh} />
          </section>
        </Card>
        {data ? (
          <Card size="small" className="panel-card" title={<h2 id="overdue">{t('dashboard.overdueCases')}</h2>} extra={<a href="#/cases?overdue=true&sort=nextDueAt">{t('dashboard.allOverdue')}</a>}>
            <section aria-labelledby="overdue">
              <CaseList cases={data.overdue} now={now} label={t('dashboard.overdueCases')} columns={['number', 'title', 'level', 'department', 'next']} cards empty={t('dashboard.none')} />
            </section>
          </Card>
        ) : null}
      </div>
      {data ? (
        <Card size="small" className="panel-card" title={<h2 id="backlog">{t('dashboard.backlogCases')}</h2>} extra={<a href="#/cases?backlog=true">{t('dashboard.allBacklog')}</a>}>
          <section aria-labelledby="backlog">
            <CaseList cases={data.backlog} now={now} label={t('dashboard.backlogCases')} columns={['number', 'title', 'status', 'department', 'next', 'reported']} empty={t('dashboard.none')} />
          </section>
        </Card>
      ) : null}
      <Space className="muted small">{t('dashboard.source')}</Space>
    </div>
  );
}

/** The days of the period in the city's calendar, oldest first, as the API keys them (YYYY-MM-DD). */
function daysOf(summary: MetricsSummary, days: number): string[] {
  const keys = new Set((summary.groups ?? []).map((g) => g.key).filter((k): k is string => Boolean(k)));
  const out: string[] = [];
  const end = Date.parse(summary.to);
  for (let i = days - 1; i >= 0; i -= 1) out.push(new Date(end - i * DAY_MS).toISOString().slice(0, 10));
  // Keys the API gave that the UTC walk missed (the city's day starts 8 h earlier): keep them too.
  for (const k of keys) if (!out.includes(k)) out.push(k);
  return out.sort();
}

function trendOptions(summary: MetricsSummary, days: number, t: ReturnType<typeof useI18n>['t'], lang: string): { counts: ChartOption; rates: ChartOption; escalations: ChartOption } {
  const byDay = new Map((summary.groups ?? []).map((g) => [g.key, g]));
  const axis = daysOf(summary, days);
  const label = (d: string) => (lang === 'zh' ? `${Number(d.slice(5, 7))}/${Number(d.slice(8))}` : d.slice(5));
  const series = (pick: (g: NonNullable<MetricsSummary['groups']>[number]) => number | null) => axis.map((d) => (byDay.has(d) ? pick(byDay.get(d)!) : null));
  const base = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: axis.map(label), axisTick: { alignWithLabel: true } },
  };
  const counts: ChartOption = {
    ...base,
    color: ['#1f5fa8', '#389e0d', '#cf1322'],
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dashboard.received'), type: 'bar', data: series((g) => g.received), barMaxWidth: 18 },
      { name: t('dashboard.resolved'), type: 'bar', data: series((g) => g.resolved), barMaxWidth: 18 },
      { name: t('dashboard.overdueTrend'), type: 'line', data: series((g) => g.overdue), connectNulls: true, showSymbol: true },
    ],
  };
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const rates: ChartOption = {
    ...base,
    color: ['#1f5fa8', '#389e0d', '#d48806'],
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: (['response', 'resolution', 'satisfaction'] as const).map((r) => ({ name: t(`rate.${r}`), type: 'line', data: series((g) => pct(g.rates[r])), connectNulls: true, showSymbol: true, symbolSize: 7 })),
  };
  const escalations: ChartOption = {
    ...base,
    color: LEVEL_COLOURS,
    yAxis: { type: 'value', minInterval: 1 },
    series: ESCALATED_LEVELS.map((n, i) => ({
      name: t('dashboard.level', { n }),
      type: 'bar',
      stack: 'levels',
      data: series((g) => g.escalationsByLevel[String(n)] ?? 0),
      itemStyle: { color: LEVEL_COLOURS[i] },
      barMaxWidth: 18,
    })),
  };
  return { counts, rates, escalations };
}
