// Single sign-on against a real OpenID Connect provider (oidc-provider) started here: the browser's
// round trip followed by hand, with its cookies, as a browser would follow it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
let idp: http.Server;
let issuer: string;
let base: string;

/** People the provider knows: its subject, and what it says of them. */
const PEOPLE: Record<string, { email: string; name: string }> = {
  'idp-0001': { email: 'he.ping@city.example.cn', name: 'He Ping' },
  'idp-0002': { email: 'stranger@city.example.cn', name: 'Stranger' },
};

beforeAll(async () => {
  idp = http.createServer();
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  // The API's port is known only once it listens; the callback is registered with a placeholder and fixed below.
  api = await startTestApi({ api: { oidc: { issuer, clientId: 'case-engine', clientSecret: 'client-secret-0123456789', redirectUri: 'http://127.0.0.1:1/v1/session/oidc/callback', allowHttp: true } } });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'case-engine', client_secret: 'client-secret-0123456789', redirect_uris: ['http://127.0.0.1:1/v1/session/oidc/callback'], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => (PEOPLE[sub] ? { accountId: sub, claims: () => ({ sub, email: PEOPLE[sub]!.email, email_verified: true, name: PEOPLE[sub]!.name }) } : undefined),
  });
  idp.on('request', provider.callback());
  await api.post('/v1/users', { as: 'admin', body: { username: 'he.ping', name: 'He Ping', role: 'supervisor', org: 'lixian', email: 'he.ping@city.example.cn' } });
}, 120_000);
afterAll(async () => {
  await api?.close();
  idp?.close();
});

/** Follows redirects and forms like a browser signing in as `login`, and answers the API's callback. */
async function signInThroughProvider(login: string): Promise<Response> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const u = new URL(url);
    // The API is registered at a placeholder port: the browser lands on the real one.
    if (u.port === '1') u.port = new URL(base).port;
    const res = await fetch(u, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v ?? '');
    }
    return res;
  };
  let res = await send(`${base}/v1/session/oidc`);
  for (let hop = 0; hop < 12; hop++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, res.url || base);
      if (next.pathname.startsWith('/v1/session/oidc/callback')) return send(next.href);
      res = await send(next.href);
      continue;
    }
    const html = await res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`stuck at ${res.status}: ${html.slice(0, 200)}`);
    const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    res = await send(new URL(action, issuer).href, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('too many hops');
}

describe('single sign-on', () => {
  it('signs in a person the city gave an account, linked by e-mail, and opens the console with a session', async () => {
    const res = await signInThroughProvider('idp-0001');
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/console\/#token=.+&refresh=.+/);
    const token = decodeURIComponent(/token=([^&]+)/.exec(location)![1]!);
    const me = await api.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.json).toMatchObject({ sub: 'he.ping', role: 'supervisor', org: 'lixian', user: { singleSignOn: true } });
    // The second time the provider's subject finds the account directly.
    expect((await signInThroughProvider('idp-0001')).status).toBe(302);
  });

  it('refuses a person the provider knows but the city gave no account', async () => {
    const res = await signInThroughProvider('idp-0002');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/no account here/);
  });

  it('refuses a callback that did not start here', async () => {
    const res = await fetch(`${base}/v1/session/oidc/callback?code=forged&state=forged`);
    expect(res.status).toBe(400);
  });
});
