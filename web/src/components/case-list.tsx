import { Card, Grid, Space, Table, type TableColumnsType } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import type { CaseView } from '../api/types';
import { caseNumber, caseTitle, nearestDeadline } from '../case-label';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { caseHref } from '../router';
import { NextDeadline } from './deadlines';
import { CaseFlags, StatusTag, UrgencyTag } from './tags';

/** The API's orders (`sort`) a table column can ask for. */
export type CaseSort = 'createdAt' | '-createdAt' | 'nextDueAt' | '-updatedAt';

export type CaseColumn = 'number' | 'title' | 'status' | 'urgency' | 'where' | 'department' | 'category' | 'level' | 'next' | 'reported' | 'updated';

interface Props {
  cases: CaseView[];
  now: number;
  label: string;
  columns?: readonly CaseColumn[];
  /** Sorted by the API: the column headers ask for another order. Without it the table sorts what it has. */
  sort?: CaseSort;
  onSort?(sort: CaseSort): void;
  /** Something to do with each case (a button), in the last column or at the foot of a card. */
  extra?(c: CaseView): ReactNode;
  selected?: string | null;
  /** Cards instead of a table, whatever the width. */
  cards?: boolean;
  empty?: ReactNode;
  loading?: boolean;
}

const DEFAULT_COLUMNS: readonly CaseColumn[] = ['number', 'title', 'status', 'urgency', 'where', 'department', 'next', 'reported'];

/**
 * Cases as a sortable table on a desk and as cards on a phone (no sideways scrolling): number,
 * title, status and urgency by colour and icon, place and department by name, the next deadline.
 */
export function CaseList(props: Props) {
  const screens = Grid.useBreakpoint();
  const phone = props.cards || screens.lg === false;
  if (props.cases.length === 0 && !props.loading) return <div className="muted empty">{props.empty ?? null}</div>;
  return phone ? <CaseCards {...props} /> : <CaseTable {...props} />;
}

function CaseTable({ cases, now, label, columns = DEFAULT_COLUMNS, sort, onSort, extra, selected, loading }: Props) {
  const { t, date } = useI18n();
  const names = useDirectory();
  const order = (asc: CaseSort, desc: CaseSort): SortOrder => (sort === asc ? 'ascend' : sort === desc ? 'descend' : null);
  const server = onSort !== undefined;
  const all: Record<CaseColumn, TableColumnsType<CaseView>[number]> = {
    number: { key: 'number', title: t('case.number'), width: 125, render: (_, c) => <a href={caseHref(c.id)} className="case-number-link">{caseNumber(c)}</a> },
    title: {
      key: 'title',
      title: t('inbox.case'),
      // Two lines at most, cut at a line's end rather than mid-word after a few characters.
      render: (_, c) => (
        <a href={caseHref(c.id)} title={caseTitle(c)} className="cell-title">
          {caseTitle(c)}
        </a>
      ),
    },
    status: {
      key: 'status',
      title: t('case.status'),
      width: 150,
      render: (_, c) => (
        <Space size={[2, 2]} wrap>
          <StatusTag status={c.status} />
          <CaseFlags c={c} />
        </Space>
      ),
    },
    urgency: { key: 'urgency', title: t('case.urgency'), width: 90, render: (_, c) => <UrgencyTag urgency={c.urgency} /> },
    where: { key: 'where', title: t('case.where'), width: 100, ellipsis: true, render: (_, c) => names.jurisdiction(c.location.jurisdictionId) },
    department: { key: 'department', title: t('case.department'), width: 140, ellipsis: true, render: (_, c) => names.department(c.departmentId) },
    category: { key: 'category', title: t('case.category'), width: 110, ellipsis: true, render: (_, c) => names.category(c.categoryId) },
    level: { key: 'level', title: t('case.level'), width: 90, render: (_, c) => c.escalationLevel, sorter: server ? undefined : (a, b) => a.escalationLevel - b.escalationLevel },
    next: {
      key: 'next',
      title: t('inbox.next'),
      width: 160,
      render: (_, c) => <NextDeadline c={c} now={now} />,
      sorter: server ? true : (a, b) => (nearestDeadline(a)?.dueAt ?? '9').localeCompare(nearestDeadline(b)?.dueAt ?? '9'),
      sortOrder: server ? order('nextDueAt', 'nextDueAt') : undefined,
      sortDirections: server ? ['ascend'] : undefined,
    },
    reported: {
      key: 'reported',
      title: t('case.reported'),
      width: 160,
      render: (_, c) => <span className="nowrap">{date(c.createdAt)}</span>,
      sorter: server ? true : (a, b) => a.createdAt.localeCompare(b.createdAt),
      sortOrder: server ? order('createdAt', '-createdAt') : undefined,
      sortDirections: server ? ['descend', 'ascend'] : undefined,
    },
    updated: {
      key: 'updated',
      title: t('case.updated'),
      width: 170,
      render: (_, c) => <span className="nowrap">{date(c.updatedAt)}</span>,
      sorter: server ? true : (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      sortOrder: server ? order('-updatedAt', '-updatedAt') : undefined,
      sortDirections: server ? ['descend'] : undefined,
    },
  };
  const cols = columns.map((k) => all[k]);
  if (extra) cols.push({ key: 'extra', title: '', width: 130, render: (_, c) => extra(c) });
  return (
    <Table<CaseView>
      className="case-table"
      aria-label={label}
      size="small"
      rowKey="id"
      loading={loading}
      columns={cols}
      dataSource={cases}
      pagination={false}
      tableLayout="fixed"
      rowClassName={(c) => (c.id === selected ? 'selected' : '')}
      onRow={(c) => ({ 'data-case': c.id, 'data-status': c.status }) as React.HTMLAttributes<HTMLElement>}
      showSorterTooltip={false}
      onChange={(_p, _f, sorter) => {
        if (!onSort || Array.isArray(sorter)) return;
        const key = sorter.columnKey;
        if (key === 'reported') onSort(sorter.order === 'ascend' ? 'createdAt' : '-createdAt');
        else if (key === 'next') onSort(sorter.order ? 'nextDueAt' : '-createdAt');
        else if (key === 'updated') onSort(sorter.order ? '-updatedAt' : '-createdAt');
      }}
      locale={{ emptyText: t('app.empty') }}
    />
  );
}

function CaseCards({ cases, now, extra, selected }: Props) {
  const { date } = useI18n();
  const names = useDirectory();
  return (
    <ul className="case-cards">
      {cases.map((c) => (
        <li key={c.id} data-case={c.id} data-status={c.status}>
          <Card size="small" className={c.id === selected ? 'case-card selected' : 'case-card'}>
            <div className="card-head">
              <a href={caseHref(c.id)} className="case-number-link">
                {caseNumber(c)}
              </a>
              <span className="muted nowrap">{date(c.createdAt)}</span>
            </div>
            <a href={caseHref(c.id)} className="card-title">
              {caseTitle(c)}
            </a>
            <Space size={[4, 4]} wrap className="card-tags">
              <StatusTag status={c.status} />
              <UrgencyTag urgency={c.urgency} />
              <CaseFlags c={c} />
            </Space>
            <div className="muted card-meta">
              {names.jurisdiction(c.location.jurisdictionId)} · {names.department(c.departmentId)}
            </div>
            <div className="card-due">
              <NextDeadline c={c} now={now} />
            </div>
            {extra ? <div className="card-extra">{extra(c)}</div> : null}
          </Card>
        </li>
      ))}
    </ul>
  );
}
