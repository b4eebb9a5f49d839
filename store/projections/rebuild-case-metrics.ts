import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import { CASE_METRICS, loadStreams, upsertCaseMetrics } from './case-metrics-projection';
import { rebuildDays } from './daily-metrics';
import { lockKeyOf, readCheckpoint, safeHorizon } from './projector';

export interface RebuildResult {
  cases: number;
  ms: number;
}

/**
 * Rebuilds the case metrics from zero: every case folded once from its whole stream, instead of
 * replaying the log batch by batch (which refolds a case once per batch it appears in).
 *
 * The checkpoint is first set to the last event safe to read; events after it are projected by
 * the running projector afterwards, refolding their cases, so nothing is lost or counted twice.
 * The session advisory lock keeps every incremental projector out meanwhile. Figures read during
 * a rebuild are incomplete. The days are summed from the rebuilt rows at the end.
 */
export async function rebuildCaseMetrics(db: Kysely<Database>, dir: Directory, onProgress?: (cases: number) => void, chunk = 1000): Promise<RebuildResult> {
  const started = performance.now();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${lockKeyOf(CASE_METRICS)})`.execute(conn);
    try {
      await readCheckpoint(conn, CASE_METRICS);
      await conn.transaction().execute(async (trx) => {
        const { rows } = await sql<{ txId: string; position: string }>`
          with horizon as (${safeHorizon})
          select tx_id::text as "txId", position::text as "position" from case_events, horizon
          where tx_id < horizon.xid
          order by tx_id desc, position desc limit 1`.execute(trx);
        const boundary = rows[0] ?? { txId: '0', position: '0' };
        await sql`truncate case_metrics, case_metrics_daily`.execute(trx);
        await trx
          .updateTable('projections')
          .set({ last_tx_id: boundary.txId, last_position: boundary.position, events_projected: 0, updated_at: new Date() })
          .where('name', '=', CASE_METRICS)
          .execute();
      });
      let cases = 0;
      // In the order cases were received: the rows of a month then lie together on disk, as they
      // do when the projector follows the log, and a month's figures read few pages.
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        let page = conn.selectFrom('cases').select(['id', 'created_at']).orderBy('created_at').orderBy('id').limit(chunk);
        if (after) page = page.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after!.createdAt, after!.id)));
        const rows = await page.execute();
        if (rows.length === 0) break;
        await upsertCaseMetrics(conn, dir, await loadStreams(conn, rows.map((r) => r.id)));
        cases += rows.length;
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.created_at, id: last.id };
        onProgress?.(cases);
      }
      await conn.transaction().execute((trx) => rebuildDays(trx, dir.city.timeZone));
      return { cases, ms: performance.now() - started };
    } finally {
      await sql`select pg_advisory_unlock(${lockKeyOf(CASE_METRICS)})`.execute(conn);
    }
  });
}
