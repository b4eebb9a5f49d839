import type { Kysely } from 'kysely';
import { classifyByKeywords } from '../domain/classify-keywords';
import { notificationsFor, type NotificationContext } from '../domain/notifications';
import { route as routeByRules } from '../domain/routing';
import type { Classification, Route } from '../schema/automation';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { CaseEvent } from '../schema/events';
import { appendEvents as append, type AppendRequest, type AppendResult } from '../store/append-events';

export interface ActivityDeps {
  db: Kysely<Database>;
  directory: Directory;
}

/** The case workflow's activities. Each is idempotent: Temporal retries them. */
export function createActivities({ db, directory }: ActivityDeps) {
  return {
    /** Idempotent by event id: a retry after a lost acknowledgement finds its events stored. */
    async appendEvents(req: AppendRequest): Promise<AppendResult> {
      return append(db, req);
    },

    async classify(input: { text: string }): Promise<Classification> {
      return classifyByKeywords(directory, input.text);
    },

    async route(input: { categoryId: string; jurisdictionId: string; excludeDepartmentIds: string[] }): Promise<Route> {
      return routeByRules(directory, input.categoryId, input.jurisdictionId, input.excludeDepartmentIds);
    },

    /** Writes the outbox; a notification's id is derived from its event, so a retry adds nothing. */
    async notify(input: NotificationContext & { events: CaseEvent[] }): Promise<{ written: number }> {
      const rows = input.events.flatMap((e) => notificationsFor(directory, input, e));
      if (rows.length === 0) return { written: 0 };
      const result = await db
        .insertInto('outbox')
        .values(
          rows.map((n) => ({
            id: n.id,
            case_id: input.caseId,
            event_id: n.eventId,
            kind: n.kind,
            recipient_kind: n.recipientKind,
            recipient_id: n.recipientId,
            payload: JSON.stringify(n.payload),
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return { written: Number(result.numInsertedOrUpdatedRows ?? 0) };
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
