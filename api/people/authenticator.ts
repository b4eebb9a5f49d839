import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import { apiKeyByHash, touchApiKey } from '../../store/people/api-keys';
import { userById } from '../../store/people/users';
import { authenticate, type Principal } from '../auth';
import { HttpProblem } from '../problem';
import { secretHash } from './secrets';

/** API keys start so: told apart from a JWT at a glance, and findable by secret scanners. */
export const API_KEY_PREFIX = 'gce_';
const TOUCH_EVERY_MS = 60_000;

export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

const refused = (detail: string) => new HttpProblem(401, 'unauthenticated', detail, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });

/**
 * Who a request comes from, by its bearer credential: an API key, a staff account's token (its
 * account looked up on every request, so a disabled user or a changed role is refused at once),
 * or an API token of the old kind (HS256 sub, role, org; for curl and integrations).
 */
export function createAuthenticator(deps: { db: Kysely<Database>; jwtSecret: string; directory: Directory; maxTokenLifetimeS?: number }): Authenticator {
  const lastTouched = new Map<string, number>();
  return async (authorization) => {
    const key = /^Bearer\s+(gce_\S+)$/i.exec(authorization ?? '')?.[1];
    if (key) {
      const row = await apiKeyByHash(deps.db, secretHash(key));
      if (!row || row.revoked_at !== null) throw refused('the API key is not valid or has been revoked; ask an administrator for a new one');
      const now = Date.now();
      // When a key was last used tells an administrator whether revoking it breaks anything; once a minute is enough.
      if (now - (lastTouched.get(row.id) ?? 0) > TOUCH_EVERY_MS) {
        lastTouched.set(row.id, now);
        await touchApiKey(deps.db, row.id, new Date(now));
      }
      return { sub: `api-key:${row.name}`, role: row.role as Principal['role'], org: row.org };
    }
    const claims = await authenticate(authorization, deps.jwtSecret, deps.directory, deps.maxTokenLifetimeS);
    if (claims.uid === undefined) return { sub: claims.sub, role: claims.role, org: claims.org };
    const user = await userById(deps.db, claims.uid);
    if (!user || user.disabled) throw refused('the account is disabled; ask an administrator');
    if (user.token_version !== claims.tv) throw refused('you were signed out (your account changed); sign in again');
    return { sub: user.username, role: user.role as Principal['role'], org: user.org, uid: user.id };
  };
}
