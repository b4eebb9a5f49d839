import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { blobKeys, type BlobStore } from './blob-store';

export interface SweepReport {
  /** Objects in the store. */
  listed: number;
  /** Objects no `attachment_added` event names, written long enough ago, and removed. */
  removed: string[];
}

/**
 * Removes bytes no case records. An upload stores its bytes before the case records them (so that
 * a recorded file always has its bytes); a process that dies between the two, or a case that
 * refuses a file whose removal then fails, leaves bytes behind. Only objects older than
 * `graceMs` are touched, so uploads in flight keep theirs.
 */
export async function sweepOrphanedBytes(db: Kysely<Database>, store: BlobStore, opts: { graceMs?: number; now?: Date; dryRun?: boolean } = {}): Promise<SweepReport> {
  const graceMs = opts.graceMs ?? 3_600_000;
  const before = (opts.now ?? new Date()).getTime() - graceMs;
  const recorded = new Set<string>();
  const events = await db
    .selectFrom('case_events')
    .select(['case_id', sql<string>`data->>'id'`.as('id')])
    .where('type', '=', 'attachment_added')
    .execute();
  for (const e of events) {
    const keys = blobKeys(e.case_id, e.id);
    recorded.add(keys.file).add(keys.thumbnail);
  }
  const report: SweepReport = { listed: 0, removed: [] };
  const orphans: string[] = [];
  for await (const o of store.list()) {
    report.listed++;
    if (!recorded.has(o.key) && o.writtenAt.getTime() <= before) orphans.push(o.key);
  }
  for (const key of orphans) {
    if (!opts.dryRun) await store.delete(key);
    report.removed.push(key);
  }
  return report;
}
