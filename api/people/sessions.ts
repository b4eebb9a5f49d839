import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../schema/database';
import { insertSession, rotateSession } from '../../store/people/sessions';
import { userById, type UserRow } from '../../store/people/users';
import { signToken } from '../auth';
import { newSecret, secretHash } from './secrets';

/** Access tokens are short: a stolen one is soon worthless, and the refresh checks the account. */
export const ACCESS_TOKEN_S = 15 * 60;
/** How long one can stay signed in without signing in again, each refresh extending it. */
export const SESSION_S = 30 * 86_400;

export interface SignedIn {
  token: string;
  expiresAt: string;
  refreshToken: string;
  user: { id: string; username: string; name: string; role: string; org: string };
}

export async function accessTokenFor(jwtSecret: string, user: UserRow): Promise<{ token: string; expiresAt: string }> {
  const token = await signToken(jwtSecret, { sub: user.username, role: user.role as never, org: user.org, uid: user.id, tv: user.token_version }, `${ACCESS_TOKEN_S}s`);
  return { token, expiresAt: new Date(Date.now() + ACCESS_TOKEN_S * 1000).toISOString() };
}

const publicUser = (u: UserRow) => ({ id: u.id, username: u.username, name: u.name, role: u.role, org: u.org });

/** A new session for a user who has just proved who they are. */
export async function startSession(db: Kysely<Database>, jwtSecret: string, user: UserRow): Promise<SignedIn> {
  const refreshToken = newSecret();
  await insertSession(db, { id: randomUUID(), userId: user.id, refreshHash: secretHash(refreshToken), expiresAt: new Date(Date.now() + SESSION_S * 1000) });
  return { ...(await accessTokenFor(jwtSecret, user)), refreshToken, user: publicUser(user) };
}

/**
 * A fresh access token for a refresh token, which is replaced (a stolen one works once at most).
 * Undefined when the session is over or the account is disabled: sign in again.
 */
export async function refreshSession(db: Kysely<Database>, jwtSecret: string, refreshToken: string): Promise<SignedIn | undefined> {
  const next = newSecret();
  const now = new Date();
  const session = await rotateSession(db, secretHash(refreshToken), secretHash(next), now, new Date(now.getTime() + SESSION_S * 1000));
  if (!session) return undefined;
  const user = await userById(db, session.userId);
  if (!user || user.disabled) return undefined;
  return { ...(await accessTokenFor(jwtSecret, user)), refreshToken: next, user: publicUser(user) };
}

export { publicUser };
