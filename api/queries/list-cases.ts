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

/**
 * Newest first, in pages. The keyset (created_at, id) makes a page boundary a position, not an
 * offset: cases inserted meanwhile never shift later pages or appear twice.
 */
export async function listCases(db: Kysely<Database>, dir: Directory, who: Principal, f: CaseFilters): Promise<{ items: CaseState[]; nextCursor: string | null }> {
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
  if (f.q) {
    const pattern = likePattern(f.q);
    // The bigram index narrows the cases down; ILIKE then checks the words are really adjacent.
    // A one-character query has no bigram and falls back to ILIKE over the other filters.
    query = query
      .where(sql<boolean>`search_grams @> case_search_grams(${f.q})`)
      .where((eb) => eb.or([eb('title', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (f.cursor) {
    const after = decodeCursor(f.cursor);
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(after.k), after.id)));
  }
  const rows = await query
    .select(['id', 'created_at', 'state'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => r.state),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ k: last.created_at.toISOString(), id: last.id }) : null,
  };
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
