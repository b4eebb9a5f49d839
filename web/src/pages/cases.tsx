import { DownloadOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Grid, Input, Select, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { download, get, qs } from '../api/client';
import type { CasePage, CaseStatus, CaseView, Role } from '../api/types';
import { CaseList, type CaseSort } from '../components/case-list';
import { useDirectory } from '../directory';
import { exportRefusal, problemText } from '../errors';
import { useI18n } from '../i18n';
import { activeFilterCount, apiQuery, filtersFromQuery, hashOf, type ListFilters } from '../list-query';
import { useLiveData } from '../live';

const STATUSES: readonly CaseStatus[] = ['reported', 'awaiting_dispatch', 'assigned', 'accepted', 'visit_scheduled', 'resolved', 'closed'];
const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
const LEVELS = ['0', '1', '2', '3', '4', '5'] as const;
const SORTS: readonly CaseSort[] = ['-createdAt', 'createdAt', 'nextDueAt', '-updatedAt'];
const PAGE = 20;

/**
 * Every case in the caller's scope, searched and filtered: text or case number, status,
 * department, category, place, urgency, overdue, backlog, escalation level, dates; sorted;
 * paged with "more"; counted; exported to .xlsx or .csv. The filters live in the URL.
 */
export function Cases({ query, role }: { query: URLSearchParams; role: Role }) {
  const { t, tx, lang } = useI18n();
  const names = useDirectory();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const filters = useMemo(() => filtersFromQuery(query), [query]);
  const key = hashOf(filters);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const [showFilters, setShowFilters] = useState(!phone);
  const [more, setMore] = useState<{ items: CaseView[]; cursor: string | null }>({ items: [], cursor: null });
  const [stale, setStale] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const moreRef = useRef(more);
  moreRef.current = more;

  const first = useLiveData(
    (signal) => get<CasePage>(`/v1/cases${qs({ ...apiQuery(filters), limit: PAGE })}`, signal),
    [key],
    () => {
      // Pages already added below would be shuffled by a reload: offer it instead.
      if (moreRef.current.items.length > 0) {
        setStale(true);
        return false;
      }
      return true;
    },
  );
  useEffect(() => {
    setMore({ items: [], cursor: null });
    setStale(false);
  }, [key, first.at]);

  const set = (patch: Partial<ListFilters>) => {
    location.hash = hashOf({ ...filters, ...patch });
  };
  const page = first.data;
  const items = [...(page?.items ?? []), ...more.items];
  const cursor = more.items.length ? more.cursor : (page?.nextCursor ?? null);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await get<CasePage>(`/v1/cases${qs({ ...apiQuery(filters), limit: PAGE, cursor })}`);
      setMore((m) => ({ items: [...m.items, ...next.items], cursor: next.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };
  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    setExportError(null);
    try {
      await download(`/v1/cases${qs({ ...apiQuery(filters), format, lang })}`, `cases.${format}`);
    } catch (error) {
      setExportError(exportRefusal(error, t));
    } finally {
      setExporting(null);
    }
  };

  const count = page?.total === undefined ? null : page.totalAtLeast ? t('cases.countAtLeast', { n: page.total }) : t('cases.count', { n: page.total });
  const selectProps = { allowClear: true, style: { width: '100%' }, popupMatchSelectWidth: false } as const;
  const departments = names.dir.departments.map((d) => ({ value: d.id, label: names.department(d.id) }));
  const categories = names.dir.categories.map((c) => ({ value: c.id, label: c.parentId ? `${names.category(c.parentId)} / ${names.category(c.id)}` : names.category(c.id) }));
  const places = names.dir.jurisdictions.map((j) => ({ value: j.id, label: names.jurisdiction(j.id) }));
  const yesNo = [
    { value: 'true', label: t('cases.yes') },
    { value: 'false', label: t('cases.no') },
  ];

  return (
    <div className="cases-page">
      <h1>{t('cases.title')}</h1>
      <form
        className="search-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.trim() || undefined });
        }}
      >
        <Input.Search
          id="cases-q"
          aria-label={t('cases.search')}
          placeholder={t('cases.searchPlaceholder')}
          value={q}
          allowClear
          enterButton={t('cases.searchButton')}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        <Badge count={activeFilterCount(filters)} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters((s) => !s)} aria-expanded={showFilters} aria-controls="case-filters">
            {t('cases.filters')}
          </Button>
        </Badge>
      </form>
      <Card size="small" className="panel-card filters" id="case-filters" hidden={!showFilters}>
        <div className="filter-grid">
          <label>
            <span>{t('case.status')}</span>
            <Select {...selectProps} id="filter-status" mode="multiple" value={filters.status} onChange={(v: string[]) => set({ status: v })} options={STATUSES.map((s) => ({ value: s, label: tx('status', s) }))} placeholder={t('cases.any')} />
          </label>
          {role !== 'department' ? (
            <label>
              <span>{t('case.department')}</span>
              <Select {...selectProps} id="filter-department" showSearch={{ optionFilterProp: 'label' }} value={filters.departmentId} onChange={(v?: string) => set({ departmentId: v })} options={departments} placeholder={t('cases.any')} />
            </label>
          ) : null}
          <label>
            <span>{t('case.category')}</span>
            <Select {...selectProps} id="filter-category" showSearch={{ optionFilterProp: 'label' }} value={filters.categoryId} onChange={(v?: string) => set({ categoryId: v })} options={categories} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('case.where')}</span>
            <Select {...selectProps} id="filter-place" showSearch={{ optionFilterProp: 'label' }} value={filters.jurisdictionId} onChange={(v?: string) => set({ jurisdictionId: v })} options={places} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('case.urgency')}</span>
            <Select {...selectProps} id="filter-urgency" value={filters.urgency} onChange={(v?: string) => set({ urgency: v })} options={URGENCIES.map((u) => ({ value: u, label: tx('urgency', u) }))} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('cases.overdue')}</span>
            <Select {...selectProps} id="filter-overdue" value={filters.overdue} onChange={(v?: 'true' | 'false') => set({ overdue: v })} options={yesNo} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('cases.backlog')}</span>
            <Select {...selectProps} id="filter-backlog" value={filters.backlog} onChange={(v?: 'true' | 'false') => set({ backlog: v })} options={yesNo} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('case.level')}</span>
            <Select {...selectProps} id="filter-level" value={filters.escalationLevel} onChange={(v?: string) => set({ escalationLevel: v })} options={LEVELS.map((l) => ({ value: l, label: l }))} placeholder={t('cases.any')} />
          </label>
          <label>
            <span>{t('cases.from')}</span>
            <Input id="filter-from" type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => set({ from: e.target.value || undefined })} />
          </label>
          <label>
            <span>{t('cases.to')}</span>
            <Input id="filter-to" type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => set({ to: e.target.value || undefined })} />
          </label>
          <label>
            <span>{t('cases.sort')}</span>
            <Select id="filter-sort" style={{ width: '100%' }} value={filters.sort ?? '-createdAt'} onChange={(v: CaseSort) => set({ sort: v })} options={SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))} />
          </label>
          <div className="filter-actions">
            <Button onClick={() => (location.hash = '#/cases')} disabled={key === '#/cases'}>
              {t('cases.clear')}
            </Button>
          </div>
        </div>
      </Card>
      <div className="list-bar">
        <strong className="count" aria-live="polite" data-total={page?.total ?? ''}>
          {count ?? (page ? t('cases.shown', { n: items.length }) : '')}
        </strong>
        <Space wrap size={[8, 8]}>
          <Button icon={<DownloadOutlined />} disabled={exporting !== null} onClick={() => void exportAs('xlsx')} data-export="xlsx">
            {t('cases.exportXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} disabled={exporting !== null} onClick={() => void exportAs('csv')} data-export="csv">
            {t('cases.exportCsv')}
          </Button>
        </Space>
      </div>
      {exportError ? <Alert type="error" showIcon role="alert" title={exportError} className="form-message" /> : null}
      {first.error ? <Alert type="error" showIcon role="alert" title={problemText(first.error, t)} className="form-message" /> : null}
      {stale ? (
        <Alert
          type="info"
          showIcon
          title={t('cases.changed')}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={first.refresh}>
              {t('cases.reload')}
            </Button>
          }
        />
      ) : null}
      {page ? (
        <CaseList
          cases={items}
          now={first.at ?? Date.now()}
          label={t('cases.title')}
          columns={['number', 'title', 'status', 'urgency', 'where', 'department', 'category', 'next', 'reported']}
          sort={filters.sort ?? '-createdAt'}
          onSort={(sort) => set({ sort })}
          empty={t('cases.none')}
        />
      ) : (
        <p>{t('app.loading')}</p>
      )}
      {cursor ? (
        <div className="more">
          <Button onClick={() => void loadMore()} disabled={loadingMore} block={phone} size="large">
            {t('cases.more')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
