// What every response says to a browser, and what is not for the public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ api: { metricsToken: 'scrape-secret' } });
}, 120_000);
afterAll(() => api?.close());

describe('the doors', () => {
  it('serve pages with a content security policy that forbids framing, and no sniffing', async () => {
    for (const url of ['/console/', '/docs/', '/v1/directory']) {
      const res = await api.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'self'/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
    }
  });

  it('keep CORS closed: another origin\'s page is not allowed to read the API', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/directory', headers: { origin: 'https://evil.example', authorization: `Bearer ${api.tokens.supervisor}` } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api.app.inject({ method: 'OPTIONS', url: '/v1/cases', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answer /metrics only to the scrape credential', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(404);
    const scraped = await api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toMatch(/http_requests_total/);
  });
});

describe('what the fuzz test found', () => {
  it('answers an unreadable URL with problem+json', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/cases/%F0/events', headers: { authorization: `Bearer ${api.tokens.supervisor}` } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringMatching(/bad-url$/), status: 400 });
  });

  it('takes only web links as attachments', async () => {
    const base = { description: '路灯不亮', location: { jurisdictionId: 'xihu' } };
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>1</script>', `https://example.cn/${'a'.repeat(2100)}`]) {
      const res = await api.post('/v1/cases', { as: 'street', body: { ...base, attachments: [{ url, kind: 'photo' }] } });
      expect(res.status, url.slice(0, 30)).toBe(400);
      expect(res.json.errors[0].path).toBe('attachments.0.url');
    }
  });

  it('refuses a change to a user that names nothing to change', async () => {
    const user = (await api.post('/v1/users', { as: 'admin', body: { username: 'nochange', password: 'correct horse battery', name: 'N', role: 'street', org: 'liyang' } })).json;
    const res = await api.call('PATCH', `/v1/users/${user.id}`, { as: 'admin', body: {} });
    expect(res.status).toBe(400);
  });
});
