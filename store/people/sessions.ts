import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';

export async function insertSession(db: Kysely<Database>, s: { id: string; userId: string; refreshHash: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, refresh_hash: s.refreshHash, expires_at: s.expiresAt, revoked_at: null, last_used_at: null }).execute();
}

/**
 * Swaps a refresh secret for a new one (rotation): the old one works once. A session that is
 * revoked, expired or unknown answers undefined.
 */
export async function rotateSession(db: Kysely<Database>, oldHash: string, newHash: string, now: Date, expiresAt: Date): Promise<{ userId: string; sessionId: string } | undefined> {
  const row = await db
    .updateTable('sessions')
    .set({ refresh_hash: newHash, last_used_at: now, expires_at: expiresAt })
    .where('refresh_hash', '=', oldHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, sessionId: row.id } : undefined;
}

export async function revokeSession(db: Kysely<Database>, refreshHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('refresh_hash', '=', refreshHash).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
