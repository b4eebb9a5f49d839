import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { chainDigest, eventHash, GENESIS } from '../schema/event-hash';

export interface BadEvent {
  caseId: string;
  seq: number;
  position: number;
  problem: 'edited' | 'missing_before' | 'reordered' | 'unchained';
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  firstBadEvent: BadEvent | null;
  /** The first bad event of each case that has one, in log order (at most 100). */
  badEvents: BadEvent[];
  /** Days whose anchor no longer matches the events of the day. */
  badAnchors: string[];
}

/**
 * Walks every case's chain: each event's hash must be what its content gives, its previous hash
 * the hash of the event before it, and its seq the next one. Names the first event (in log
 * order) where that fails: edited, deleted before it, reordered, or written without a hash.
 */
export async function verifyLog(db: Kysely<Database>, opts: { timeZone: string; onProgress?: (checked: number) => void }): Promise<VerifyReport> {
  let checked = 0;
  const badEvents: BadEvent[] = [];
  let after = '';
  for (;;) {
    const cases = await db.selectFrom('case_events').select('case_id').distinct().where('case_id', '>', after).orderBy('case_id').limit(500).execute();
    if (cases.length === 0) break;
    for (const { case_id } of cases) {
      const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', case_id).orderBy('seq').execute();
      let prev = GENESIS;
      let expectedSeq = 1;
      for (const r of rows) {
        checked++;
        const bad = (problem: BadEvent['problem']): BadEvent => ({ caseId: r.case_id, seq: r.seq, position: Number(r.position), problem });
        let found: BadEvent | undefined;
        if (r.hash === null || r.prev_hash === null) found = bad('unchained');
        else if (r.seq !== expectedSeq) found = bad('missing_before');
        else if (r.prev_hash !== prev) found = bad(r.seq === 1 ? 'edited' : 'reordered');
        else if (eventHash(prev, r) !== r.hash) found = bad('edited');
        if (found) {
          badEvents.push(found);
          break;
        }
        prev = r.hash!;
        expectedSeq++;
      }
      opts.onProgress?.(checked);
    }
    after = cases.at(-1)!.case_id;
  }
  const badAnchors = await checkAnchors(db, opts.timeZone);
  badEvents.sort((a, b) => a.position - b.position);
  return { ok: badEvents.length === 0 && badAnchors.length === 0, checked, firstBadEvent: badEvents[0] ?? null, badEvents: badEvents.slice(0, 100), badAnchors };
}

/** The day's events in log order, as an anchor covers them. */
async function dayHashes(db: Kysely<Database>, day: string, timeZone: string): Promise<{ hashes: string[]; lastPosition: number }> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where((eb) => eb(eb.fn('to_char', [eb.fn('timezone', [eb.val(timeZone), eb.ref('recorded_at')]), eb.val('YYYY-MM-DD')]), '=', day))
    .orderBy('position')
    .execute();
  // Each hash as the event's content gives it now, not as stored: an edit shows even if the hash column was edited too.
  return { hashes: rows.map((r) => eventHash(r.prev_hash ?? '', r)), lastPosition: Number(rows.at(-1)?.position ?? 0) };
}

/**
 * Anchors a finished day: one digest over its events, kept, and printed for an outside witness
 * (a notary, another office, a public ledger) to hold. Anchoring a day again finds the same digest.
 */
export async function anchorDay(db: Kysely<Database>, day: string, timeZone: string): Promise<{ day: string; digest: string; events: number }> {
  const { hashes, lastPosition } = await dayHashes(db, day, timeZone);
  const digest = chainDigest(hashes);
  await db
    .insertInto('log_anchors')
    .values({ day, digest, events: hashes.length, last_position: lastPosition })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const kept = await db.selectFrom('log_anchors').select(['day', 'digest', 'events']).where('day', '=', day).executeTakeFirstOrThrow();
  return kept;
}

async function checkAnchors(db: Kysely<Database>, timeZone: string): Promise<string[]> {
  const anchors = await db.selectFrom('log_anchors').selectAll().orderBy('day').execute();
  const bad: string[] = [];
  for (const a of anchors) {
    const { hashes } = await dayHashes(db, a.day, timeZone);
    if (chainDigest(hashes) !== a.digest || hashes.length !== a.events) bad.push(a.day);
  }
  return bad;
}
