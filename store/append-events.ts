import type { Kysely, Transaction } from 'kysely';
import { evolve } from '../domain/evolve';
import { initialState } from '../domain/initial-state';
import type { CaseState } from '../schema/case-state';
import type { Database } from '../schema/database';
import type { CaseEvent } from '../schema/events';
import type { Notification } from '../domain/notifications';
import { caseRow } from './case-row';
import { writeOutbox } from './outbox';
import { ConcurrencyError, InconsistentAppendError } from './errors';
import { eventHash, GENESIS } from '../schema/event-hash';

export interface AppendRequest {
  caseId: string;
  /** The number of events the writer has seen; the batch becomes seq expectedVersion+1… */
  expectedVersion: number;
  events: CaseEvent[];
  /** Notifications of these events, stored in the same transaction. */
  outbox?: Notification[];
}

export interface AppendResult {
  version: number;
  /** True when every event was already stored: a retry after a lost acknowledgement. */
  alreadyStored: boolean;
}

/**
 * Appends a batch of events to a case's stream and updates the `cases` read model in the
 * same transaction. Idempotent by event id, guarded by the expected version.
 */
export async function appendEvents(db: Kysely<Database>, req: AppendRequest): Promise<AppendResult> {
  const { caseId, expectedVersion, events } = req;
  if (events.length === 0) return { version: expectedVersion, alreadyStored: true };
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await lockStream(trx, caseId);
      const stored = await trx
        .selectFrom('case_events')
        .select('event_id')
        .where('case_id', '=', caseId)
        .where('event_id', 'in', events.map((e) => e.eventId))
        .execute();
      if (stored.length === events.length) return { version: current.version, alreadyStored: true };
      if (stored.length > 0) throw new InconsistentAppendError(caseId, stored.length, events.length);
      if (current.version !== expectedVersion) throw new ConcurrencyError(caseId, expectedVersion, current.version);

      // Each event is chained to the one before it in its case (tamper evidence, store/event-hash.ts).
      let prevHash = await lastHash(trx, caseId, expectedVersion);
      const rows = events.map((e, i) => {
        const row = { case_id: caseId, seq: expectedVersion + i + 1, event_id: e.eventId, type: e.type, data: e.data, actor: e.actor, occurred_at: new Date(e.at) };
        const hash = eventHash(prevHash, row);
        const stored = { ...row, data: JSON.stringify(e.data), actor: JSON.stringify(e.actor), prev_hash: prevHash, hash };
        prevHash = hash;
        return stored;
      });
      await trx.insertInto('case_events').values(rows).execute();
      const state = events.reduce(evolve, current.state);
      const row = caseRow(state);
      await trx.insertInto('cases').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      await writeOutbox(trx, caseId, req.outbox ?? []);
      return { version: state.version, alreadyStored: false };
    });
  } catch (error) {
    // Two first appends of a new stream race past the row lock; the unique key decides.
    if (isUniqueViolation(error)) {
      const actual = await streamVersion(db, caseId);
      throw new ConcurrencyError(caseId, expectedVersion, actual);
    }
    throw error;
  }
}

async function lastHash(trx: Transaction<Database>, caseId: string, version: number): Promise<string> {
  if (version === 0) return GENESIS;
  const row = await trx.selectFrom('case_events').select('hash').where('case_id', '=', caseId).where('seq', '=', version).executeTakeFirst();
  return row?.hash ?? GENESIS;
}

async function lockStream(trx: Transaction<Database>, caseId: string): Promise<{ version: number; state: CaseState }> {
  const row = await trx.selectFrom('cases').select(['version', 'state']).where('id', '=', caseId).forUpdate().executeTakeFirst();
  return row ? { version: row.version, state: row.state } : { version: 0, state: initialState(caseId) };
}

async function streamVersion(db: Kysely<Database>, caseId: string): Promise<number> {
  const row = await db.selectFrom('case_events').select((eb) => eb.fn.max('seq').as('v')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.v ?? 0);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
