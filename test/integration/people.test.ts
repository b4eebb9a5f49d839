// Staff accounts: created by an administrator, signed in with a password, kept signed in by a
// refresh token, and shut out at once when disabled; API keys for integrations; every token ends.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ api: { signInPolicy: { lockAfter: 3, lockMs: 60_000, slowDownMs: 1 } } });
}, 120_000);
afterAll(() => api?.close());

const PASSWORD = 'correct horse battery';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function createUser(username: string, extra: object = {}) {
  const res = await api.post('/v1/users', { as: 'admin', body: { username, password: PASSWORD, name: 'Liu Wei', role: 'department', org: 'lixian-housing', email: `${username}@example.cn`, ...extra } });
  expect(res.status).toBe(201);
  return res.json as { id: string; username: string };
}
const signIn = (username: string, password = PASSWORD) => api.post('/v1/session', { body: { username, password } });

describe('staff accounts', () => {
  it('are created by an administrator, with field errors for a weak password, a taken name and an unknown org', async () => {
    await createUser('liu.wei');
    const weak = await api.post('/v1/users', { as: 'admin', body: { username: 'short.pw', password: 'abc', name: 'X', role: 'street', org: 'liyang' } });
    expect(weak.status).toBe(400);
    expect(weak.json.errors).toContainEqual(expect.objectContaining({ path: 'password', code: 'weak_password' }));
    expect((await api.post('/v1/users', { as: 'admin', body: { username: 'liu.wei', password: PASSWORD, name: 'X', role: 'street', org: 'liyang' } })).status).toBe(409);
    const unknownOrg = await api.post('/v1/users', { as: 'admin', body: { username: 'nowhere', password: PASSWORD, name: 'X', role: 'department', org: 'no-such-dept' } });
    expect(unknownOrg.json.errors).toContainEqual(expect.objectContaining({ path: 'org', code: 'unknown_id' }));
    expect((await api.post('/v1/users', { as: 'supervisor', body: { username: 'by.supervisor', password: PASSWORD, name: 'X', role: 'street', org: 'liyang' } })).status).toBe(403);
    const list = await api.get('/v1/users', { as: 'admin', query: { org: 'lixian-housing' } });
    expect(list.json.items.map((u: { username: string }) => u.username)).toContain('liu.wei');
    expect(JSON.stringify(list.json)).not.toMatch(/argon2|password/);
  });

  it('sign in with a password to a short token that acts as the account', async () => {
    await createUser('zhang.min');
    const res = await signIn('zhang.min');
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ username: 'zhang.min', role: 'department', org: 'lixian-housing' });
    expect(Date.parse(res.json.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const me = await api.get('/v1/me', { headers: bearer(res.json.token) });
    expect(me.json).toMatchObject({ sub: 'zhang.min', role: 'department', user: { name: 'Liu Wei', email: 'zhang.min@example.cn' } });
    expect((await api.get('/v1/tasks', { headers: bearer(res.json.token) })).status).toBe(200);
  });

  it('answer a wrong password and an unknown user alike, and lock after repeated failures', async () => {
    await createUser('wrong.pw');
    const wrong = await signIn('wrong.pw', 'not the password');
    const unknown = await signIn('no.such.user', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.detail).toBe(unknown.json.detail);
    await signIn('wrong.pw', 'still wrong');
    await signIn('wrong.pw', 'third time');
    // Locked now: even the right password is refused, with the same answer.
    const locked = await signIn('wrong.pw');
    expect(locked.status).toBe(401);
    expect(locked.json.detail).toBe(wrong.json.detail);
    const audit = await api.engine.db.selectFrom('audit_log').select(['action', 'actor']).where('actor', 'in', ['wrong.pw', 'no.such.user']).execute();
    expect(audit.filter((a) => a.action === 'sign_in_failed')).toHaveLength(5);
  });

  it('stay signed in by a refresh token that works once, and lose everything at once when disabled', async () => {
    const user = await createUser('leaver');
    const first = (await signIn('leaver')).json;
    const refreshed = await api.post('/v1/session/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api.post('/v1/session/refresh', { body: { refreshToken: first.refreshToken } })).status).toBe(401);
    expect((await api.get('/v1/tasks', { headers: bearer(refreshed.json.token) })).status).toBe(200);

    expect((await api.call('PATCH', `/v1/users/${user.id}`, { as: 'admin', body: { disabled: true } })).status).toBe(200);
    const after = await api.get('/v1/tasks', { headers: bearer(refreshed.json.token) });
    expect(after.status).toBe(401);
    expect(after.json.detail).toMatch(/disabled/);
    expect((await api.post('/v1/session/refresh', { body: { refreshToken: refreshed.json.refreshToken } })).status).toBe(401);
    expect((await signIn('leaver')).status).toBe(401);
    const audit = await api.engine.db.selectFrom('audit_log').select('action').where('target', '=', user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user_created', 'sign_in', 'user_disabled']));
  });

  it('lose their tokens when their role changes, and act in the new role after signing in again', async () => {
    const user = await createUser('mover');
    const token = (await signIn('mover')).json.token;
    await api.call('PATCH', `/v1/users/${user.id}`, { as: 'admin', body: { role: 'street', org: 'liyang' } });
    expect((await api.get('/v1/tasks', { headers: bearer(token) })).status).toBe(401);
    const again = (await signIn('mover')).json;
    expect(again.user).toMatchObject({ role: 'street', org: 'liyang' });
    expect((await api.get('/v1/cases', { headers: bearer(again.token) })).status).toBe(200);
  });
});

describe('API keys', () => {
  it('act as their role, are listed without the key, and stop working when revoked', async () => {
    const created = await api.post('/v1/api-keys', { as: 'admin', body: { name: 'hotline system', role: 'street', org: 'liyang' } });
    expect(created.status).toBe(201);
    const key = created.json.key as string;
    expect(key).toMatch(/^gce_/);
    expect((await api.get('/v1/cases', { headers: bearer(key) })).status).toBe(200);
    expect((await api.get('/open311/v2/requests.json', { query: { api_key: key } })).status).toBe(200);
    const listed = await api.get('/v1/api-keys', { as: 'admin' });
    expect(JSON.stringify(listed.json)).not.toContain(key);
    expect(listed.json.items[0]).toMatchObject({ name: 'hotline system', prefix: key.slice(0, 10), revokedAt: null });
    await api.post(`/v1/api-keys/${created.json.id}/revoke`, { as: 'admin' });
    expect((await api.get('/v1/cases', { headers: bearer(key) })).status).toBe(401);
  });
});

describe('tokens', () => {
  const sign = (claims: object, exp?: string) => {
    const jwt = new SignJWT({ role: 'supervisor', org: 'lixian', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('forger').setIssuedAt();
    return (exp ? jwt.setExpirationTime(exp) : jwt).sign(new TextEncoder().encode(TEST_JWT_SECRET));
  };

  it('without an expiry, or living longer than allowed, are refused', async () => {
    const forever = await api.get('/v1/cases', { headers: bearer(await sign({})) });
    expect(forever.status).toBe(401);
    expect(forever.json.detail).toMatch(/no expiry/);
    expect((await api.get('/v1/cases', { headers: bearer(await sign({}, '400d')) })).status).toBe(401);
    expect((await api.get('/v1/cases', { headers: bearer(await sign({}, '1h')) })).status).toBe(200);
  });
});
