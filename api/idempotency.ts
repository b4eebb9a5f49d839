import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { HttpProblem } from './problem';
import { text } from '../schema/text';

export const IdempotencyKeyHeader = text(200).describe('makes a retried POST harmless: the same key and body answer the first response again');

export interface IdempotentRequest {
  scope: string;
  key: string;
  /** What identifies the request apart from the key: method, path and body. */
  fingerprint: unknown;
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Runs `work` at most once in effect per (scope, key). The key is claimed before the work, so a
 * concurrent retry with another body is caught (422); once the work succeeds its response is
 * kept and replayed. A failed attempt releases the key, since it recorded nothing. Concurrent
 * retries of the same request all run `work`, which must itself be idempotent (the Temporal
 * update id and the case id derive from the key).
 */
export async function idempotent(db: Kysely<Database>, req: IdempotentRequest, work: () => Promise<StoredResponse>): Promise<StoredResponse> {
  const requestHash = hash(req.fingerprint);
  await db.insertInto('idempotency_keys').values({ scope: req.scope, key: req.key, request_hash: requestHash }).onConflict((oc) => oc.doNothing()).execute();
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('scope', '=', req.scope)
    .where('key', '=', req.key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) {
    throw new HttpProblem(422, 'idempotency-key-reused', `Idempotency-Key ${req.key} was already used with another request; use a new key for a new request`);
  }
  if (row.status_code !== null) return { statusCode: row.status_code, body: row.response };
  let result: StoredResponse;
  try {
    result = await work();
  } catch (error) {
    await db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', req.scope)
      .where('key', '=', req.key)
      .where('status_code', 'is', null)
      .execute()
      .catch(() => undefined);
    throw error;
  }
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: result.statusCode, response: JSON.stringify(result.body) })
    .where('scope', '=', req.scope)
    .where('key', '=', req.key)
    .execute();
  return result;
}
