import type { Kysely } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenClaims } from '../api/auth';
import { hashPassword } from '../api/people/passwords';
import type { Database } from '../schema/database';
import { insertUser, updateUser, userByUsername } from '../store/people/users';

export interface DemoUser {
  username: string;
  password: string;
  name: string;
  role: TokenClaims['role'];
  org: string;
}

/**
 * One account per demo person, with a password made for this run (printed by npm start): the
 * demo never ships a password that works on someone else's machine.
 */
export async function ensureDemoUsers(db: Kysely<Database>, people: { sub: string; role: TokenClaims['role']; org: string; who: string }[]): Promise<DemoUser[]> {
  const users: DemoUser[] = [];
  for (const p of people) {
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    const passwordHash = await hashPassword(password);
    const existing = await userByUsername(db, p.sub);
    if (existing) await updateUser(db, existing.id, { passwordHash, disabled: false });
    else await insertUser(db, { id: randomUUID(), username: p.sub, name: p.who, role: p.role, org: p.org, passwordHash, preferences: { duty: p.role === 'department' } });
    users.push({ username: p.sub, password, name: p.who, role: p.role, org: p.org });
  }
  return users;
}
