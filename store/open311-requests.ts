import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import type { AttributeAnswers } from '../schema/service-attributes';

export interface Open311Extras {
  email?: string;
  deviceId?: string;
  accountId?: string;
  attributes: AttributeAnswers;
}

/**
 * Keeps what an Open311 POST said beyond the case, once per case (a retried POST keeps the first):
 * the resident's e-mail, the client's device and account ids, the attribute answers. Personal, so
 * kept here and never in the event log (migration 0015).
 */
export async function keepOpen311Request(db: Kysely<Database>, caseId: string, extras: Open311Extras): Promise<void> {
  if (!extras.email && !extras.deviceId && !extras.accountId && Object.keys(extras.attributes).length === 0) return;
  await db
    .insertInto('open311_requests')
    .values({ case_id: caseId, email: extras.email ?? null, device_id: extras.deviceId ?? null, account_id: extras.accountId ?? null, attributes: JSON.stringify(extras.attributes) })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
}

export async function open311RequestOf(db: Kysely<Database>, caseId: string): Promise<Open311Extras | undefined> {
  const row = await db.selectFrom('open311_requests').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!row) return undefined;
  return {
    ...(row.email ? { email: row.email } : {}),
    ...(row.device_id ? { deviceId: row.device_id } : {}),
    ...(row.account_id ? { accountId: row.account_id } : {}),
    attributes: row.attributes,
  };
}

/** Forgets the resident's e-mail and the client's ids for good (a reporter's erasure); the answers stay. */
export async function eraseOpen311Contact(db: Kysely<Database>, caseId: string): Promise<void> {
  await db.updateTable('open311_requests').set({ email: null, device_id: null, account_id: null }).where('case_id', '=', caseId).execute();
}
