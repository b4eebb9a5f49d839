import type { CaseSort } from './components/case-list';

/** The list page's filters, as kept in the URL's hash query (#/cases?status=assigned&q=…): bookmarkable and shareable. */
export interface ListFilters {
  q?: string;
  status: string[];
  departmentId?: string;
  jurisdictionId?: string;
  categoryId?: string;
  urgency?: string;
  overdue?: 'true' | 'false';
  backlog?: 'true' | 'false';
  escalationLevel?: string;
  /** Reported on or after this day (YYYY-MM-DD, the city's calendar). */
  from?: string;
  /** Reported on or before this day (inclusive, as people read a range). */
  to?: string;
  sort?: CaseSort;
}

const SINGLE = ['q', 'departmentId', 'jurisdictionId', 'categoryId', 'urgency', 'overdue', 'backlog', 'escalationLevel', 'from', 'to', 'sort'] as const;
const SORTS: readonly CaseSort[] = ['createdAt', '-createdAt', 'nextDueAt', '-updatedAt'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromQuery(query: URLSearchParams): ListFilters {
  const f: ListFilters = { status: query.getAll('status').filter(Boolean) };
  for (const k of SINGLE) {
    const v = query.get(k)?.trim();
    if (v) (f as unknown as Record<string, string>)[k] = v;
  }
  if (f.overdue && f.overdue !== 'true' && f.overdue !== 'false') delete f.overdue;
  if (f.backlog && f.backlog !== 'true' && f.backlog !== 'false') delete f.backlog;
  if (f.sort && !SORTS.includes(f.sort)) delete f.sort;
  if (f.from && !DAY.test(f.from)) delete f.from;
  if (f.to && !DAY.test(f.to)) delete f.to;
  return f;
}

/** The hash for these filters: `#/cases?…`, with only what is set. */
export function hashOf(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  for (const s of f.status) p.append('status', s);
  for (const k of SINGLE) if (k !== 'q' && f[k]) p.set(k, f[k]!);
  const s = p.toString();
  return s ? `#/cases?${s}` : '#/cases';
}

/** The day after a YYYY-MM-DD day: the API's `to` is exclusive, the form's inclusive. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The API's query for the filters (GET /v1/cases and its exports). */
export function apiQuery(f: ListFilters): Record<string, string | string[] | undefined> {
  return {
    q: f.q,
    status: f.status.length ? f.status : undefined,
    departmentId: f.departmentId,
    jurisdictionId: f.jurisdictionId,
    categoryId: f.categoryId,
    urgency: f.urgency,
    overdue: f.overdue,
    backlog: f.backlog,
    escalationLevel: f.escalationLevel,
    from: f.from,
    to: f.to ? nextDay(f.to) : undefined,
    sort: f.sort,
  };
}

export const activeFilterCount = (f: ListFilters) => [f.status.length > 0, ...SINGLE.filter((k) => k !== 'q' && k !== 'sort').map((k) => Boolean(f[k]))].filter(Boolean).length;
