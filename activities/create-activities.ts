import type { Kysely } from 'kysely';
import { categoryFamily, rootCategory } from '../domain/categories';
import { keywordClassifier } from '../domain/classifier/keyword-classifier';
import { samePlace, type PlaceMatch } from '../domain/duplicates';
import { notificationsFor, type NotificationContext } from '../domain/notifications';
import { route as routeByRules } from '../domain/routing';
import type { Classification, Route } from '../schema/automation';
import type { CaseReport } from '../schema/commands';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { CaseEvent } from '../schema/events';
import { appendEvents as append, type AppendRequest, type AppendResult } from '../store/append-events';

export type DuplicateMatch = PlaceMatch & { duplicateOf: string };

export interface ActivityDeps {
  db: Kysely<Database>;
  directory: Directory;
}

/** The case workflow's activities. Each is idempotent: Temporal retries them. */
export function createActivities({ db, directory }: ActivityDeps) {
  const classifier = keywordClassifier(directory);
  return {
    /** Idempotent by event id: a retry after a lost acknowledgement finds its events stored. */
    async appendEvents(req: AppendRequest): Promise<AppendResult> {
      return append(db, req);
    },

    async classify(input: { text: string; jurisdictionId?: string }): Promise<Classification> {
      return classifier.classify(input);
    },

    async route(input: { categoryId: string; jurisdictionId: string; excludeDepartmentIds: string[] }): Promise<Route> {
      return routeByRules(directory, input.categoryId, input.jurisdictionId, input.excludeDepartmentIds);
    },

    /**
     * The earliest open case of the same category (its top-level branch: "sewer" and "drainage"
     * are one problem to a dispatcher) at the same place reported since `since`, if any. Reads
     * only: a retry answers the same unless the read model moved meanwhile.
     */
    async findDuplicate(input: { caseId: string; categoryId: string; location: CaseReport['location']; since: number; maxDistanceM: number }): Promise<DuplicateMatch | null> {
      const candidates = await db
        .selectFrom('cases')
        .select(['id', 'state'])
        .where('category_id', 'in', categoryFamily(directory, rootCategory(directory, input.categoryId)))
        .where('closed_at', 'is', null)
        .where('duplicate_of', 'is', null)
        .where('id', '<>', input.caseId)
        .where('created_at', '>=', new Date(input.since))
        .orderBy('created_at')
        .limit(200)
        .execute();
      for (const c of candidates) {
        const location = c.state.report?.location;
        const match = location && samePlace(input.location, location, input.maxDistanceM);
        if (match) return { duplicateOf: c.id, ...match };
      }
      return null;
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
