import { Grid, Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { Ranking, RankingItem, RateName } from '../api/types';
import { percent } from '../components/bars';
import { EChart, type ChartOption } from '../components/chart';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';

const SHOWN: readonly RateName[] = ['response', 'resolution', 'satisfaction', 'onTimeResolution'];
/** The three rates supervisors rank on, charted side by side. */
const CHARTED: readonly RateName[] = ['response', 'resolution', 'satisfaction'];
const COLOURS = ['#1f5fa8', '#389e0d', '#d48806'];

/** The ranking as a sortable table (each rate with its numerator and denominator) and as one bar chart of the three rates. */
export function RankingView({ ranking, groupBy }: { ranking: Ranking; groupBy: 'department' | 'street' }) {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const names = useDirectory();
  const label = (key: string | null, name: string | null) => (key === null ? t('dashboard.unassigned') : groupBy === 'department' ? names.department(key) : names.jurisdiction(key)) || name || '—';
  const byRate = (r: RateName) => (a: RankingItem, b: RankingItem) => (a.rates[r].value ?? -1) - (b.rates[r].value ?? -1);
  const columns: TableColumnsType<RankingItem> = [
    { key: 'rank', title: t('dashboard.rank'), dataIndex: 'rank', width: 72, sorter: (a, b) => a.rank - b.rank, defaultSortOrder: 'ascend' },
    { key: 'name', title: t('dashboard.name'), width: 200, fixed: 'left', render: (_, i) => <strong>{label(i.key, i.name)}</strong> },
    { key: 'received', title: t('dashboard.received'), dataIndex: 'received', width: 90, sorter: (a, b) => a.received - b.received },
    ...SHOWN.map((r) => ({
      key: r,
      title: t(`rate.${r}`),
      width: 130,
      sorter: byRate(r),
      onCell: () => ({ 'data-rate': r }) as React.HTMLAttributes<HTMLElement>,
      render: (_: unknown, i: RankingItem) => (
        <>
          {percent(i.rates[r].value)}{' '}
          <span className="muted">
            ({i.rates[r].numerator}/{i.rates[r].denominator})
          </span>
        </>
      ),
    })),
    { key: 'composite', title: t('dashboard.composite'), width: 110, render: (_, i) => percent(i.composite), sorter: (a, b) => (a.composite ?? -1) - (b.composite ?? -1) },
  ];
  const option = useMemo<ChartOption>(() => {
    const items = [...ranking.items].reverse();
    return {
      color: COLOURS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: items.map((i) => label(i.key, i.name)), axisLabel: { width: phone ? 96 : 160, overflow: phone ? 'break' : 'truncate' } },
      series: CHARTED.map((r) => ({ name: t(`rate.${r}`), type: 'bar', data: items.map((i) => (i.rates[r].value === null ? null : Math.round(i.rates[r].value! * 1000) / 10)), barMaxWidth: 12 })),
    };
    // label depends on names and language, both in t and names.
  }, [ranking, t, names, groupBy, phone]);
  if (ranking.items.length === 0) return <p className="muted">{t('dashboard.noData')}</p>;
  return (
    <>
      <Table<RankingItem>
        className="ranking"
        aria-label={t('dashboard.ranking')}
        size="small"
        rowKey={(i) => i.key ?? 'none'}
        columns={columns}
        dataSource={ranking.items}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(i) => ({ 'data-key': i.key ?? '' }) as React.HTMLAttributes<HTMLElement>}
        showSorterTooltip={false}
      />
      <h3>{t('dashboard.charts')}</h3>
      <EChart option={option} height={Math.max(160, ranking.items.length * 46 + 50)} label={t('dashboard.charts')} />
    </>
  );
}
