import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../schema/database';

/** An event as an asynchronous projection sees it: where it stands in the log and when it was written. */
export interface LoggedEvent {
  position: string;
  txId: string;
  caseId: string;
  recordedAt: Date;
}

export interface AsyncProjection {
  name: string;
  /** Runs before each batch, under the projection's lock: e.g. builds a derived table once. */
  prepare?(trx: Transaction<Database>): Promise<void>;
  /** Applies a batch of the log, in log order, inside the transaction that moves the checkpoint. */
  apply(trx: Transaction<Database>, events: readonly LoggedEvent[]): Promise<void>;
}

export interface BatchResult {
  /** False when another instance holds the projection: nothing was read. */
  ran: boolean;
  events: LoggedEvent[];
}

/** Session and transaction advisory locks share one key space; a stable key per projection name. */
export function lockKeyOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

/**
 * Projects the next batch of the log. Events are read in (transaction id, position) order and
 * only from transactions older than every transaction still running: a position is handed out
 * when an append starts, not when it commits, so reading by position alone would skip an event
 * that a slower concurrent transaction commits after a later one has been read.
 *
 * The checkpoint moves in the same transaction as the projection's writes, and a transaction
 * advisory lock keeps a second instance from projecting the same batch.
 */
export async function projectBatch(db: Kysely<Database>, projection: AsyncProjection, batchSize: number): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${lockKeyOf(projection.name)}) as locked`.execute(trx);
    if (!rows[0]?.locked) return { ran: false, events: [] };
    await projection.prepare?.(trx);
    const checkpoint = await readCheckpoint(trx, projection.name);
    const events = await sql<LoggedEvent>`
      with horizon as (${safeHorizon})
      select position::text as "position", tx_id::text as "txId", case_id as "caseId", recorded_at as "recordedAt"
      from case_events, horizon
      where (tx_id, position) > (${checkpoint.txId}::xid8, ${checkpoint.position}::bigint)
        and tx_id < horizon.xid
      order by tx_id, position
      limit ${batchSize}`.execute(trx);
    if (events.rows.length === 0) return { ran: true, events: [] };
    await projection.apply(trx, events.rows);
    const last = events.rows[events.rows.length - 1]!;
    await trx
      .updateTable('projections')
      .set({ last_tx_id: last.txId, last_position: last.position, events_projected: sql`events_projected + ${events.rows.length}`, updated_at: new Date() })
      .where('name', '=', projection.name)
      .execute();
    return { ran: true, events: events.rows };
  });
}

/**
 * The first transaction id whose events may not all be visible yet: the oldest transaction still
 * running in this database, or the snapshot's xmax. Transaction ids are shared by the whole
 * server, so waiting for the snapshot's xmin would let a long transaction in another database (a
 * bulk load, a report) stall every projection here. A running transaction is passed over only
 * when pg_stat_activity shows it belongs to another database; one it cannot place (it ended
 * meanwhile, or its session is hidden from this user) still holds the horizon back.
 */
export const safeHorizon = sql`
  select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) as xid
  from pg_snapshot_xip(pg_current_snapshot()) as x
  where not exists (
    select 1 from pg_stat_activity a
    where a.datname is not null and a.datname <> current_database()
      and a.backend_xid::text = (x::text::numeric % 4294967296)::text)`;

export interface Checkpoint {
  txId: string;
  position: string;
  eventsProjected: number;
  updatedAt: Date;
}

export async function readCheckpoint(db: Kysely<Database>, name: string): Promise<Checkpoint> {
  const select = () => db.selectFrom('projections').selectAll().where('name', '=', name).executeTakeFirst();
  // Created on first use only: every poll and every scrape reads it, and a read should not write.
  let row = await select();
  if (!row) {
    await db.insertInto('projections').values({ name, last_tx_id: '0', last_position: 0, events_projected: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    row = (await select())!;
  }
  return { txId: String(row.last_tx_id), position: String(row.last_position), eventsProjected: Number(row.events_projected), updatedAt: row.updated_at };
}

/** Events written but not yet projected, and the age of the oldest of them (0 when caught up). */
export async function projectionLag(db: Kysely<Database>, name: string, now: Date): Promise<{ eventsBehind: number; lagSeconds: number }> {
  const cp = await readCheckpoint(db, name);
  const { rows } = await sql<{ behind: string; oldest: Date | null }>`
    select count(*)::text as behind, min(recorded_at) as oldest from case_events
    where (tx_id, position) > (${cp.txId}::xid8, ${cp.position}::bigint)`.execute(db);
  const oldest = rows[0]?.oldest ?? null;
  return { eventsBehind: Number(rows[0]?.behind ?? 0), lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
