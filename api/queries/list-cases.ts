import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { categoryFamily } from '../../domain/categories';
import type { CaseState } from '../../schema/case-state';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import type { Principal } from '../auth';
import { jurisdictionsWithin } from '../scope';
import { decodeCursor, encodeCursor } from './cursor';

export interface CaseFilters {
  status?: string[];
  departmentId?: string;
  jurisdictionId?: string;
  categoryId?: string;
  urgency?: string;
  overdue?: boolean;
  /** Open past the backlog limit at `now`. */
  backlog?: boolean;
  now?: Date;
  escalationLevel?: number;
  from?: Date;
  to?: Date;
  q?: string;
  duplicateOf?: string;
  number?: string;
  sort?: CaseSort;
  limit: number;
  cursor?: string;
}

type CasesQuery = SelectQueryBuilder<Database, 'cases', object>;

/** Only the cases the person may see (see `inScope`, which this mirrors in SQL). */
export function restrictToScope(query: CasesQuery, dir: Directory, who: Principal): CasesQuery {
  switch (who.role) {
    case 'admin':
      return query;
    case 'department':
      return query.where((eb) =>
        eb.or([eb('department_id', '=', who.org), sql<boolean>`state->'assistingDepartmentIds' @> ${JSON.stringify([who.org])}::jsonb`]),
      );
    case 'street':
    case 'supervisor': {
      const within = jurisdictionsWithin(dir, who.org);
      // The whole city: a list of every jurisdiction would only cost the planner time.
      return within.length === dir.jurisdictions.length ? query : query.where('jurisdiction_id', 'in', within);
    }
  }
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The orders a list can take; each ends on the case id so that every position is unique. */
export const CASE_SORTS = ['-createdAt', 'createdAt', 'nextDueAt', '-updatedAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const SORT_COLUMN = { '-createdAt': 'created_at', createdAt: 'created_at', nextDueAt: 'next_due_at', '-updatedAt': 'updated_at' } as const;
const DESCENDING: ReadonlySet<CaseSort> = new Set(['-createdAt', '-updatedAt']);
/** Counting stops here: past it a list says "more than", and an export asks for narrower filters. */
export const COUNT_LIMIT = 10_000;

/** The filtered cases in the caller's scope, before any order or page. */
function filtered(db: Kysely<Database>, dir: Directory, who: Principal, f: CaseFilters): CasesQuery {
  let query = restrictToScope(db.selectFrom('cases'), dir, who);
  if (f.status?.length) query = query.where('status', 'in', f.status);
  if (f.departmentId) query = query.where('department_id', '=', f.departmentId);
  if (f.jurisdictionId) query = query.where('jurisdiction_id', 'in', jurisdictionsWithin(dir, f.jurisdictionId));
  if (f.categoryId) query = query.where('category_id', 'in', categoryFamily(dir, f.categoryId));
  if (f.urgency) query = query.where('urgency', '=', f.urgency);
  if (f.overdue !== undefined) query = query.where('overdue', '=', f.overdue);
  if (f.backlog !== undefined) {
    const now = f.now ?? new Date();
    query = f.backlog
      ? query.where('closed_at', 'is', null).where('backlog_at', '<=', now)
      : query.where((eb) => eb.or([eb('closed_at', 'is not', null), eb('backlog_at', 'is', null), eb('backlog_at', '>', now)]));
  }
  if (f.escalationLevel !== undefined) query = query.where('escalation_level', '=', f.escalationLevel);
  if (f.from) query = query.where('created_at', '>=', f.from);
  if (f.to) query = query.where('created_at', '<', f.to);
  if (f.duplicateOf) query = query.where('duplicate_of', '=', f.duplicateOf);
  if (f.number) query = query.where('number', '=', f.number);
  if (f.q) {
    const q = f.q;
    const pattern = likePattern(q);
    // The bigram index narrows the cases down; ILIKE then checks the words are really adjacent.
    // A one-character query has no bigram and falls back to ILIKE over the other filters. An
    // operator may also type the number a resident reads out.
    query = query.where((eb) =>
      eb.or([
        eb('number', '=', q),
        eb.and([sql<boolean>`search_grams @> case_search_grams(${q})`, eb.or([eb('title', 'ilike', pattern), eb('description', 'ilike', pattern)])]),
      ]),
    );
  }
  return query;
}

/**
 * In pages, newest first unless `sort` says otherwise. The keyset (sort column, id) makes a page
 * boundary a position, not an offset: cases inserted meanwhile never shift later pages or appear
 * twice. A case with no deadline sorts after every case with one.
 */
export async function listCases(
  db: Kysely<Database>,
  dir: Directory,
  who: Principal,
  f: CaseFilters,
): Promise<{ items: CaseState[]; nextCursor: string | null }> {
  const sort = f.sort ?? '-createdAt';
  const column = SORT_COLUMN[sort];
  const desc = DESCENDING.has(sort);
  let query = filtered(db, dir, who, f);
  if (f.cursor) {
    const after = decodeCursor(f.cursor, sort);
    const id = after.id;
    if (after.k === null) {
      query = query.where(column, 'is', null).where('id', '>', id);
    } else {
      const k = new Date(after.k);
      query = query.where((eb) =>
        desc
          ? eb(eb.refTuple(column, 'id'), '<', eb.tuple(k, id))
          : eb.or([eb(eb.refTuple(column, 'id'), '>', eb.tuple(k, id)), ...(column === 'next_due_at' ? [eb(column, 'is', null)] : [])]),
      );
    }
  }
  const rows = await query
    .select(['id', 'state', `${column} as k`])
    .orderBy(sql`${sql.ref(column)} ${sql.raw(desc ? 'desc' : 'asc nulls last')}`)
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const key = (v: unknown) => (v === null || v === undefined ? null : (v as Date).toISOString());
  return {
    items: page.map((r) => r.state),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ s: sort, k: key(last.k), id: last.id }) : null,
  };
}

/** How many cases the filters select, counted up to COUNT_LIMIT (`atLeast` when there are more). */
export async function countCases(db: Kysely<Database>, dir: Directory, who: Principal, f: CaseFilters): Promise<{ total: number; atLeast: boolean }> {
  const capped = filtered(db, dir, who, f).select(sql<number>`1`.as('one')).limit(COUNT_LIMIT + 1);
  const row = await db.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > COUNT_LIMIT ? { total: COUNT_LIMIT, atLeast: true } : { total: n, atLeast: false };
}

export const OPEN_TASK_STATUSES = ['assigned', 'accepted', 'visit_scheduled'] as const;

/** A department's open assignments, the nearest deadline first (cases without one last). */
export async function listTasks(db: Kysely<Database>, departmentId: string, limit: number): Promise<CaseState[]> {
  const rows = await db
    .selectFrom('cases')
    .select('state')
    .where('department_id', '=', departmentId)
    .where('status', 'in', OPEN_TASK_STATUSES)
    // Implied by the statuses; it lets the planner walk the open cases' (department, due) index in order.
    .where('closed_at', 'is', null)
    .orderBy(sql`next_due_at asc nulls last`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.state);
}
