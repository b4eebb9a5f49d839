import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database } from '../../schema/database';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export async function insertApiKey(
  db: Kysely<Database>,
  k: { id: string; name: string; prefix: string; keyHash: string; role: string; org: string; scopes: string[]; createdBy: string },
): Promise<ApiKeyRow> {
  return db
    .insertInto('api_keys')
    .values({ id: k.id, name: k.name, prefix: k.prefix, key_hash: k.keyHash, role: k.role, org: k.org, scopes: JSON.stringify(k.scopes), created_by: k.createdBy, revoked_at: null, last_used_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const apiKeyByHash = (db: Kysely<Database>, keyHash: string) => db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
export const listApiKeys = (db: Kysely<Database>) => db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').execute();

export async function revokeApiKey(db: Kysely<Database>, id: string, now: Date): Promise<ApiKeyRow | undefined> {
  return db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function touchApiKey(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}
