import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** The previous hash of a case's first event. */
export const GENESIS = '0'.repeat(64);

/** What of an event row the hash covers: all it says, none of where the database put it. */
export interface HashedEventRow {
  case_id: string;
  seq: number;
  event_id: string;
  type: string;
  data: unknown;
  actor: unknown;
  occurred_at: Date;
}

/**
 * sha256 over the previous hash and the event's canonical JSON (RFC 8785, by `canonicalize`, the
 * reference implementation), so the same event hashes alike when written and when checked,
 * whatever order PostgreSQL's jsonb gives its keys back in.
 */
export function eventHash(prevHash: string, r: HashedEventRow): string {
  const canonical = canonicalize({ caseId: r.case_id, seq: r.seq, eventId: r.event_id, type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.getTime() });
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/** A day's anchor: a digest chained over every event hash of the day, in log order. */
export function chainDigest(hashes: Iterable<string>, start = GENESIS): string {
  let digest = start;
  for (const h of hashes) digest = createHash('sha256').update(`${digest}\n${h}`).digest('hex');
  return digest;
}
