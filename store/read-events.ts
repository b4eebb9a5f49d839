import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import type { CaseEvent } from '../schema/events';
import { toCaseEvent } from './event-rows';

export interface StoredEvent {
  position: number;
  seq: number;
  event: CaseEvent;
}

/** A case's events in stream order. */
export async function readStream(db: Kysely<Database>, caseId: string): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map((r) => ({
    position: r.position,
    seq: r.seq,
    event: toCaseEvent(r),
  }));
}
