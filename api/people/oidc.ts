import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { Database } from '../../schema/database';
import { audit } from '../../store/people/audit';
import { updateUser, userByEmail, userByOidcSubject, type UserRow } from '../../store/people/users';
import { HttpProblem } from '../problem';

/** The city's identity provider (OpenID Connect), from OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This API's callback, as registered with the provider: …/v1/session/oidc/callback. */
  redirectUri: string;
  /** Plain http to the provider: only for a provider on this machine (tests, a local demo). */
  allowHttp?: boolean;
}

export function oidcSettingsFrom(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_REDIRECT_URI: redirectUri } = env;
  if (!issuer) return undefined;
  if (!clientId || !clientSecret || !redirectUri) throw new Error('OIDC_ISSUER is set, so OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI must be too (the client registered with the identity provider)');
  return { issuer, clientId, clientSecret, redirectUri, allowHttp: env.OIDC_ALLOW_HTTP === '1' };
}

/** What travels from the start of a sign-in to its callback, in a signed cookie the browser keeps for ten minutes. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
}

const encoder = new TextEncoder();

/**
 * Single sign-on with openid-client (certified by the OpenID Foundation): the authorization code
 * flow with PKCE, state and nonce. Only people the city has given an account sign in; the
 * provider says who they are, the account says their role and org.
 */
export function createOidc(settings: OidcSettings, db: Kysely<Database>, secret: string) {
  let config: Promise<oidc.Configuration> | undefined;
  // Discovered on first use, and again after a failure: the provider may be down when the API starts.
  const configuration = () =>
    (config ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        config = undefined;
        throw new HttpProblem(503, 'identity-provider-unavailable', `the identity provider ${settings.issuer} cannot be reached (${(error as Error).message}); try again in a moment`);
      }));

  return {
    /** Where to send the browser, and the cookie that proves the callback is the answer to it. */
    async start(): Promise<{ url: string; cookie: string }> {
      const c = await configuration();
      const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile email',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      const cookie = await new SignJWT({ ...pending }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(encoder.encode(secret));
      return { url: url.href, cookie };
    },

    /** The account the provider vouches for, once the callback's code is exchanged. */
    async finish(callbackUrl: URL, cookie: string | undefined, ip: string): Promise<UserRow> {
      if (!cookie) throw new HttpProblem(400, 'sign-in-expired', 'the sign-in took too long or began in another browser; start it again');
      let pending: Pending;
      try {
        pending = (await jwtVerify(cookie, encoder.encode(secret), { algorithms: ['HS256'] })).payload as unknown as Pending;
      } catch {
        throw new HttpProblem(400, 'sign-in-expired', 'the sign-in took too long or began in another browser; start it again');
      }
      const c = await configuration();
      let claims: oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce });
        claims = tokens.claims();
      } catch (error) {
        throw new HttpProblem(401, 'sign-in-failed', `the identity provider did not confirm the sign-in: ${(error as Error).message}`);
      }
      if (!claims) throw new HttpProblem(401, 'sign-in-failed', 'the identity provider sent no identity');
      const subject = `${settings.issuer}#${claims.sub}`;
      let user = await userByOidcSubject(db, subject);
      const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined;
      // First sign-in: the account an administrator made for this e-mail address is linked to the provider's person.
      if (!user && email) {
        const byEmail = await userByEmail(db, email);
        if (byEmail && byEmail.oidc_subject === null) user = await updateUser(db, byEmail.id, { oidcSubject: subject });
      }
      if (!user || user.disabled) {
        await audit(db, { actor: subject, action: 'sign_in_failed', ip, detail: { via: 'oidc', email: email ?? null, reason: user ? 'disabled' : 'no account' } });
        throw new HttpProblem(403, 'no-account', 'you signed in at the identity provider, but have no account here (or it is disabled); ask an administrator');
      }
      await audit(db, { actor: user.username, action: 'sign_in', target: user.id, ip, detail: { via: 'oidc' } });
      return user;
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;
