import type { Kysely, Transaction } from 'kysely';
import { caseFacts, type CaseFacts } from '../../domain/case-metrics';
import { streetOf } from '../../domain/jurisdictions';
import type { CaseMetricsRow, Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import type { CaseEvent } from '../../schema/events';
import { toCaseEvent } from '../event-rows';
import { dayKeysOf, ensureDays, refreshDays } from './daily-metrics';
import type { AsyncProjection, LoggedEvent } from './projector';

export const CASE_METRICS = 'case_metrics';

/** The row of a case's facts. Time-dependent figures (backlog) are kept as instants for the query. */
export function caseMetricsRow(dir: Directory, f: CaseFacts, version: number): CaseMetricsRow {
  const levels = Object.keys(f.escalationsByLevel).map(Number);
  const escalations = Array.from({ length: levels.length ? Math.max(...levels) : 0 }, (_, i) => f.escalationsByLevel[i + 1] ?? 0);
  return {
    case_id: f.caseId,
    jurisdiction_id: f.jurisdictionId,
    street_id: streetOf(dir, f.jurisdictionId),
    department_id: f.departmentId,
    received_at: new Date(f.receivedAt),
    accepted: f.accepted,
    accepted_on_time: f.acceptedOnTime,
    contacted: f.contacted,
    contacted_on_time: f.contactedOnTime,
    resolved: f.resolved,
    resolved_on_time: f.resolvedOnTime,
    rating: f.rating,
    reopened: f.reopened,
    overdue: f.overdue,
    closed: f.closed,
    backlog_at: f.backlogAt === null ? null : new Date(f.backlogAt),
    escalations,
    visits: f.visits,
    resolve_ms: f.resolveMs,
    version,
  };
}

/** Every event of the given cases, grouped per case in stream order. */
export async function loadStreams(db: Kysely<Database>, caseIds: readonly string[]): Promise<Map<string, CaseEvent[]>> {
  const streams = new Map<string, CaseEvent[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return streams;
  const rows = await db
    .selectFrom('case_events')
    .select(['case_id', 'event_id', 'type', 'occurred_at', 'actor', 'data'])
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  for (const r of rows) streams.get(r.case_id)!.push(toCaseEvent(r));
  return streams;
}

/** Folds each case's whole stream into its facts row (a refold is idempotent, so replays are harmless). */
export async function upsertCaseMetrics(db: Kysely<Database> | Transaction<Database>, dir: Directory, streams: Map<string, CaseEvent[]>): Promise<void> {
  // Backlog is stored as its instant; the fold's `now` only feeds the in-memory `backlog` flag.
  const rows = [...streams].filter(([, events]) => events.length > 0).map(([id, events]) => caseMetricsRow(dir, caseFacts(id, events, 0), events.length));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db
      .insertInto('case_metrics')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet((eb) => Object.fromEntries(Object.keys(chunk[0]!).filter((k) => k !== 'case_id').map((k) => [k, eb.ref(`excluded.${k}` as 'excluded.version')]))),
      )
      .execute();
  }
}

/**
 * Supervisors' figures: one row of facts per case, refolded when any of its events arrives, and
 * the days those cases count in (before and after: a reassigned case leaves its old
 * department's day) recomputed from those rows.
 */
export function caseMetricsProjection(dir: Directory): AsyncProjection {
  const timeZone = dir.city.timeZone;
  return {
    name: CASE_METRICS,
    async prepare(trx) {
      await ensureDays(trx, timeZone);
    },
    async apply(trx, events: readonly LoggedEvent[]) {
      const caseIds = [...new Set(events.map((e) => e.caseId))];
      const before = await dayKeysOf(trx, timeZone, caseIds);
      await upsertCaseMetrics(trx, dir, await loadStreams(trx, caseIds));
      await refreshDays(trx, timeZone, [...before, ...(await dayKeysOf(trx, timeZone, caseIds))]);
    },
  };
}
