import type { Kysely, Selectable } from 'kysely';
import type { Database, UserPreferences, UsersTable } from '../../schema/database';

export type UserRow = Selectable<UsersTable>;

export interface NewUser {
  id: string;
  username: string;
  name: string;
  role: string;
  org: string;
  email?: string | null;
  phone?: string | null;
  passwordHash?: string | null;
  oidcSubject?: string | null;
  preferences?: UserPreferences;
}

export async function insertUser(db: Kysely<Database>, u: NewUser): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      name: u.name,
      role: u.role,
      org: u.org,
      email: u.email ?? null,
      phone: u.phone ?? null,
      password_hash: u.passwordHash ?? null,
      oidc_subject: u.oidcSubject ?? null,
      locked_until: null,
      preferences: JSON.stringify(u.preferences ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const userById = (db: Kysely<Database>, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
export const userByUsername = (db: Kysely<Database>, username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
export const userByOidcSubject = (db: Kysely<Database>, subject: string) => db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
export const userByEmail = (db: Kysely<Database>, email: string) => db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export async function listUsers(db: Kysely<Database>, f: { org?: string; role?: string; limit: number; after?: string }): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll().orderBy('username').limit(f.limit);
  if (f.org) q = q.where('org', '=', f.org);
  if (f.role) q = q.where('role', '=', f.role);
  if (f.after) q = q.where('username', '>', f.after);
  return q.execute();
}

export interface UserChange {
  name?: string;
  role?: string;
  org?: string;
  email?: string | null;
  phone?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  oidcSubject?: string;
  preferences?: UserPreferences;
}

/**
 * Changes a user; a change of who they are (role, org) or of whether they may sign in (disabled,
 * password) raises the token version, so every token already handed out stops working at once.
 */
export async function updateUser(db: Kysely<Database>, id: string, c: UserChange): Promise<UserRow | undefined> {
  const revokes = c.role !== undefined || c.org !== undefined || c.disabled === true || c.passwordHash !== undefined;
  return db
    .updateTable('users')
    .set((eb) => ({
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.role !== undefined ? { role: c.role } : {}),
      ...(c.org !== undefined ? { org: c.org } : {}),
      ...(c.email !== undefined ? { email: c.email } : {}),
      ...(c.phone !== undefined ? { phone: c.phone } : {}),
      ...(c.disabled !== undefined ? { disabled: c.disabled } : {}),
      ...(c.passwordHash !== undefined ? { password_hash: c.passwordHash, failed_sign_ins: 0, locked_until: null } : {}),
      ...(c.oidcSubject !== undefined ? { oidc_subject: c.oidcSubject } : {}),
      ...(c.preferences !== undefined ? { preferences: JSON.stringify(c.preferences) } : {}),
      ...(revokes ? { token_version: eb('token_version', '+', 1) } : {}),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Counts a failed sign-in; from `lockAfter` failures on, the account is locked for a growing while. */
export async function recordFailedSignIn(db: Kysely<Database>, id: string, now: Date, lockAfter: number, baseLockMs: number): Promise<UserRow | undefined> {
  const user = await db.updateTable('users').set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) })).where('id', '=', id).returningAll().executeTakeFirst();
  if (!user || user.failed_sign_ins < lockAfter) return user;
  const lockMs = Math.min(24 * 3_600_000, baseLockMs * 2 ** (user.failed_sign_ins - lockAfter));
  return db.updateTable('users').set({ locked_until: new Date(now.getTime() + lockMs) }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function recordSignIn(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', id).execute();
}
