import type { Kysely } from 'kysely';
import type { Notification } from '../domain/notifications';
import type { Database } from '../schema/database';

/** Stores notifications for the outbox's sender; an id seen before is skipped, so retries add nothing. */
export async function writeOutbox(db: Kysely<Database>, caseId: string, rows: Notification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('outbox')
    .values(
      rows.map((n) => ({
        id: n.id,
        case_id: caseId,
        event_id: n.eventId,
        kind: n.kind,
        recipient_kind: n.recipientKind,
        recipient_id: n.recipientId,
        payload: JSON.stringify(n.payload),
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
