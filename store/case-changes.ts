import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { safeHorizon } from './projections/projector';

/** Where a reader of the log stands: the last (transaction id, position) it has seen. */
export interface LogPosition {
  txId: string;
  position: string;
}

/** A case that changed, with what a reader needs to know whether it may see it. */
export interface CaseChange {
  caseId: string;
  number: string | null;
  status: string;
  version: number;
  updatedAt: Date;
  jurisdictionId: string;
  departmentId: string | null;
  assistingDepartmentIds: string[];
}

/** The newest position that is safe to read from now on; changes after it are new. */
export async function logHead(db: Kysely<Database>): Promise<LogPosition> {
  const { rows } = await sql<LogPosition>`
    with horizon as (${safeHorizon})
    select coalesce(max(tx_id)::text, '0') as "txId", coalesce(max(position)::text, '0') as "position"
    from case_events, horizon where tx_id < horizon.xid`.execute(db);
  return rows[0] ?? { txId: '0', position: '0' };
}

/**
 * The cases changed after `after`, each once, read in commit-safe order as the projector reads
 * (see safeHorizon: a later position can commit before an earlier one). Reads only.
 */
export async function caseChangesAfter(db: Kysely<Database>, after: LogPosition, limit = 1000): Promise<{ changes: CaseChange[]; position: LogPosition }> {
  const { rows } = await sql<CaseChange & { txId: string; position: string }>`
    with horizon as (${safeHorizon})
    select e.tx_id::text as "txId", e.position::text as "position", c.id as "caseId", c.number, c.status, c.version,
           c.updated_at as "updatedAt", c.jurisdiction_id as "jurisdictionId", c.department_id as "departmentId",
           coalesce(c.state->'assistingDepartmentIds', '[]'::jsonb) as "assistingDepartmentIds"
    from case_events e join cases c on c.id = e.case_id, horizon
    where (e.tx_id, e.position) > (${after.txId}::xid8, ${after.position}::bigint) and e.tx_id < horizon.xid
    order by e.tx_id, e.position
    limit ${limit}`.execute(db);
  const last = rows.at(-1);
  const byCase = new Map<string, CaseChange>();
  for (const r of rows) {
    byCase.set(r.caseId, {
      caseId: r.caseId,
      number: r.number,
      status: r.status,
      version: Number(r.version),
      updatedAt: r.updatedAt,
      jurisdictionId: r.jurisdictionId,
      departmentId: r.departmentId,
      assistingDepartmentIds: r.assistingDepartmentIds,
    });
  }
  return { changes: [...byCase.values()], position: last ? { txId: last.txId, position: last.position } : after };
}
