import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { categoryFamily, rootCategory } from '../domain/categories';
import type { Classifier } from '../domain/classifier/classifier';
import { keywordClassifier } from '../domain/classifier/keyword-classifier';
import { samePlace, type PlaceMatch } from '../domain/duplicates';
import { notificationsFor, type NotificationContext } from '../domain/notifications';
import { route as routeByRules } from '../domain/routing';
import type { Classification, Route } from '../schema/automation';
import type { CaseReport } from '../schema/commands';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { CaseEvent } from '../schema/events';
import { writeOutbox } from '../store/outbox';
import { appendEvents, type AppendRequest, type AppendResult } from '../store/append-events';
import { isDataError } from '../store/errors';
import { UNSTORABLE_DATA } from '../schema/failure-types';

/** The notifications of an appended batch: each group's events with the department the case had after them. */
export interface OutboxRequest {
  jurisdictionId: string;
  groups: { departmentId: string | null; events: CaseEvent[] }[];
}

export type DuplicateMatch = PlaceMatch & { duplicateOf: string };

export interface ActivityDeps {
  db: Kysely<Database>;
  directory: Directory;
  /** The directory's dictionary alone unless given (the worker passes the one its config names). */
  classifier?: Classifier;
}

export interface DuplicateQuery {
  caseId: string;
  categoryId: string;
  location: CaseReport['location'];
  since: number;
  maxDistanceM: number;
}

/** What the workflow asks once at intake: classify, and for that category look for a duplicate and a route. */
export interface TriageRequest {
  caseId: string;
  text: string;
  location: CaseReport['location'];
  /** Present when the case's policy checks new cases for duplicates. */
  duplicateCheck?: { since: number; maxDistanceM: number };
  /** A complaint about this department: the route never leads to it. */
  complaintAbout?: string;
}

export interface Triage {
  classification: Classification;
  /** For the classified category; null when none or no check was asked for. */
  duplicate: DuplicateMatch | null;
  route: Route | null;
}

/** The case workflow's activities. Each is idempotent: Temporal retries them. */
export function createActivities({ db, directory, classifier = keywordClassifier(directory) }: ActivityDeps) {

  /**
   * The earliest open case of the same category (its top-level branch: "sewer" and "drainage"
   * are one problem to a dispatcher) at the same place reported since `since`, if any. Reads
   * only: a retry answers the same unless the read model moved meanwhile.
   */
  async function findDuplicate(input: DuplicateQuery): Promise<DuplicateMatch | null> {
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
  }

  const outboxRows = (notify: OutboxRequest | undefined, caseId: string) =>
    (notify?.groups ?? []).flatMap((g) => g.events.flatMap((e) => notificationsFor(directory, { caseId, jurisdictionId: notify!.jurisdictionId, departmentId: g.departmentId }, e)));

  return {
    /**
     * Idempotent by event id: a retry after a lost acknowledgement finds its events stored. The
     * notifications of the batch, if asked for, are written in the same transaction.
     */
    async appendEvents(req: AppendRequest & { notify?: OutboxRequest }): Promise<AppendResult> {
      const { notify, ...append } = req;
      try {
        return await appendEvents(db, { ...append, outbox: outboxRows(notify, req.caseId) });
      } catch (error) {
        // Retrying a refused value would hold the case's workflow in this write for ever.
        if (isDataError(error)) {
          const { code, message } = error as { code?: string; message?: string };
          throw ApplicationFailure.create({ type: UNSTORABLE_DATA, message: `the database refused the data of this change (${code}: ${message})`, nonRetryable: true, cause: error as Error });
        }
        throw error;
      }
    },

    async classify(input: { text: string; jurisdictionId?: string }): Promise<Classification> {
      return classifier.classify(input);
    },

    async route(input: { categoryId: string; jurisdictionId: string; excludeDepartmentIds: string[]; complaintAbout?: string }): Promise<Route> {
      return routeByRules(directory, input.categoryId, input.jurisdictionId, input.excludeDepartmentIds, input.complaintAbout);
    },

    findDuplicate,

    /** Intake's lookups in one round trip: the workflow still decides what each one means. */
    async triage(input: TriageRequest): Promise<Triage> {
      const classification = classifier.classify({ text: input.text });
      const categoryId = classification.categoryId;
      if (categoryId === null) return { classification, duplicate: null, route: null };
      const duplicate = input.duplicateCheck ? await findDuplicate({ caseId: input.caseId, categoryId, location: input.location, ...input.duplicateCheck }) : null;
      return { classification, duplicate, route: routeByRules(directory, categoryId, input.location.jurisdictionId, [], input.complaintAbout) };
    },

    /** Writes the outbox; a notification's id is derived from its event, so a retry adds nothing. */
    async notify(input: NotificationContext & { events: CaseEvent[] }): Promise<{ written: number }> {
      const rows = input.events.flatMap((e) => notificationsFor(directory, input, e));
      return { written: await writeOutbox(db, input.caseId, rows) };
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
