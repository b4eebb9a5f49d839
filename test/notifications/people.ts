import type { Kysely } from 'kysely';
import { signToken, type TokenClaims } from '../../api/auth';
import type { Database, UserPreferences } from '../../schema/database';
import { insertUser } from '../../store/people/users';
import { TEST_JWT_SECRET } from '../support/test-api';

export interface TestUser {
  id: string;
  role: 'department' | 'supervisor' | 'street';
  org: string;
  email?: string | null;
  phone?: string | null;
  preferences?: UserPreferences;
  disabled?: boolean;
}

/** Staff accounts as the accounts API would make them; returns a signed-in token per user. */
export async function addUsers(db: Kysely<Database>, users: readonly TestUser[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const u of users) {
    await insertUser(db, { id: u.id, username: u.id, name: `Name of ${u.id}`, role: u.role, org: u.org, email: u.email ?? null, phone: u.phone ?? null, preferences: u.preferences ?? {} });
    if (u.disabled) await db.updateTable('users').set({ disabled: true }).where('id', '=', u.id).execute();
    // As a token minted at sign-in carries them (uid and token version); sub is the id too.
    const claims = { sub: u.id, role: u.role, org: u.org, uid: u.id, tv: 1 };
    tokens[u.id] = await signToken(TEST_JWT_SECRET, claims as TokenClaims, '1h');
  }
  return tokens;
}

/** The time of day `minutes` from now on the city's clock, "HH:MM". */
export function cityClock(zone: string, minutesFromNow: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.now() + minutesFromNow * 60_000);
}
