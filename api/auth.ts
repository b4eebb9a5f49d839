import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { Role, type Actor } from '../schema/actor';
import type { Directory } from '../schema/directory';
import { HttpProblem } from './problem';
import { identifier } from '../schema/text';

/** The claims an API token carries (CONTRACT.md): who, in which role, for which organisation. */
export const TokenClaims = z.object({
  sub: identifier(200),
  role: Role,
  org: identifier(200),
  /** A staff account's id and token version (tokens minted at sign-in); absent on API tokens of the old kind. */
  uid: identifier(100).optional(),
  tv: z.number().int().optional(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;
/** A person calling the API: an actor in one of the four human roles. */
export type Principal = Actor & {
  role: z.infer<typeof Role>;
  /** The staff account, when the token was minted at sign-in. */
  uid?: string;
};

const encoder = new TextEncoder();

/** The longest a token may live (AUTH_MAX_TOKEN_LIFETIME_S): a token that claims more, or no end, is refused. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 30 * 86_400;

export function signToken(secret: string, claims: TokenClaims, expiresIn: string | number = '30d'): Promise<string> {
  const { role, org, uid, tv } = claims;
  return new SignJWT({ role, org, ...(uid === undefined ? {} : { uid }), ...(tv === undefined ? {} : { tv }) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(encoder.encode(secret));
}

/**
 * Turns an Authorization header into a principal: 401 when the token is missing, malformed,
 * badly signed or expired; 403 when it is genuine but its org is not in the directory.
 */
export async function authenticate(
  header: string | undefined,
  secret: string,
  directory: Directory,
  maxLifetimeS: number = DEFAULT_MAX_TOKEN_LIFETIME_S,
): Promise<Principal & { uid?: string; tv?: number }> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new HttpProblem(401, 'unauthenticated', 'send Authorization: Bearer <token> (an HS256 JWT with sub, role and org)', {}, { 'www-authenticate': 'Bearer' });
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(match[1]!, encoder.encode(secret), { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch (error) {
    const why =
      error instanceof joseErrors.JWTExpired
        ? 'the token has expired'
        : error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp'
          ? 'the token has no expiry (exp); every token must end'
          : 'the token is not valid';
    throw new HttpProblem(401, 'unauthenticated', `${why}; sign in again for a new token`, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  // A token that never ends, or ends far past what this deployment allows, was not minted here.
  const { exp, iat } = payload as { exp: number; iat?: number };
  if (exp - (iat ?? Math.floor(Date.now() / 1000)) > maxLifetimeS) {
    throw new HttpProblem(401, 'unauthenticated', `the token lives longer than the ${maxLifetimeS} s this deployment allows; sign in again`, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  const claims = TokenClaims.safeParse(payload);
  if (!claims.success) {
    throw new HttpProblem(401, 'unauthenticated', `the token's claims are not valid: ${claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  const { role, org } = claims.data;
  const known = role === 'department' ? directory.departments.some((d) => d.id === org) : directory.jurisdictions.some((j) => j.id === org);
  if (!known) throw new HttpProblem(403, 'unknown-org', `the token's org ${org} is not a ${role === 'department' ? 'department' : 'jurisdiction'} of the directory`);
  return claims.data;
}
