import { Validator } from '@seriousme/openapi-schema-validator';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/app';
import { createCaseService } from '../../api/case-service';
import { apiTemporalConnection } from '../../api/temporal-connection';
import { sewerReport } from '../support/actors';
import { openDatabase } from '../../store/database';
import { patternsOf, requestStrings, type OpenApiDoc } from '../support/openapi-strings';
import { startTestApi, TEST_JWT_SECRET, type Person, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ api: { rateLimit: { max: 1000, timeWindowMs: 60_000 } } });
});
afterAll(() => api?.close());

const submit = (key?: string, as: Person = 'street', body: object = sewerReport) =>
  api.post('/v1/cases', { as, body, headers: key ? { 'idempotency-key': key } : {} });

describe('probes and metrics', () => {
  it('/healthz says the process is up and /readyz that Temporal and the database answer', async () => {
    expect((await api.get('/healthz')).json).toEqual({ status: 'ok' });
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ temporal: 'ok', database: 'ok' });
  });

  it('/metrics counts requests per route pattern, cases started and updates rejected', async () => {
    const c = (await submit()).json;
    await api.get(`/v1/cases/${c.id}`, { as: 'supervisor' });
    expect((await api.post(`/v1/cases/${c.id}/resolve`, { as: 'housing', body: { summary: 's', outcome: 'resolved' } })).status).toBe(409);
    const metrics = (await api.get('/metrics')).body;
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/v1\/cases\/:id",status_code="200"\} [1-9]/);
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{le="[0-9.]+",method="POST",route="\/v1\/cases"\} [1-9]/);
    expect(metrics).toMatch(/cases_started_total [1-9]/);
    expect(metrics).toMatch(/case_updates_rejected_total\{code="invalid_state"\} [1-9]/);
  });
});

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 and describes every /v1 route with its schemas', async () => {
    const doc = (await api.get('/openapi.json')).json;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/cases', '/v1/cases/{id}', '/v1/cases/{id}/events', '/v1/tasks', '/v1/directory', '/v1/cases/{id}/visits/{visitId}/complete']));
    expect(doc.paths['/v1/cases'].post.requestBody.content['application/json'].schema.required).toContain('description');
    expect((await api.get('/docs/')).status).toBe(200);
  });

  it('holds every string a client sends to what the database can store (no field can forget the check)', async () => {
    const doc = (await api.get('/openapi.json')).json as OpenApiDoc;
    // A field with a stricter pattern of its own (a username, a phone, a time of day) shows that one; it must refuse the same.
    const refusesUnstorable = (pattern: string) => ['a\u0000b', 'a\ud800b'].every((bad) => !new RegExp(pattern, 'u').test(bad));
    const unchecked = requestStrings(doc).filter((s) => !patternsOf(s.schema).some(refusesUnstorable) && !s.schema.format?.match(/^date(-time)?$/));
    expect(unchecked.map((s) => s.where)).toEqual([]);
    // The walk found the fields it checks: every action's text and every filter.
    expect(requestStrings(doc).length).toBeGreaterThan(60);
  });

  it('every route in it answers, neither 404 for want of a route nor 500', async () => {
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, Record<string, { responses?: Record<string, { content?: object }> }>> };
    const c = (await submit()).json;
    // A stream never ends: tested on its own (case-stream.test.ts), and declared as one here.
    const streams = Object.entries(doc.paths).filter(([, m]) => Object.values(m).some((op) => 'text/event-stream' in (op.responses?.['200']?.content ?? {})));
    expect(streams.map(([p]) => p)).toEqual(['/v1/events/stream']);
    const who: Record<string, Person> = { get: 'supervisor', post: 'supervisor' };
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (streams.some(([p]) => p === path)) continue;
        const url = path.replace('{id}', c.id).replace('{visitId}', 'no-such-visit');
        const as = path === '/v1/tasks' ? 'housing' : who[method];
        const response = await api.call(method.toUpperCase() as 'GET', url, { as, body: method === 'post' ? {} : undefined });
        expect(response.status, `${method} ${path}`).not.toBe(500);
        // A 404 for a thing that does not exist (a case, a visit, a notification), never for want of a route.
        if (response.status === 404) expect(response.json.type, `${method} ${path}`).toMatch(/-not-found$/);
        expect(response.json?.type ?? "", `${method} ${path}`).not.toMatch(/problems\/not-found$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(24);
  });
});

describe('idempotency under concurrent retries', () => {
  it('20 concurrent submissions with one key make one case and one case_reported event', async () => {
    const before = await api.counts();
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit('concurrent-submission')));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    const ids = new Set(responses.map((r) => r.json.id));
    expect(ids.size).toBe(1);
    const after = await api.counts();
    expect(after.cases - before.cases).toBe(1);
    const events = await api.get(`/v1/cases/${[...ids][0]}/events`, { as: 'supervisor' });
    expect(events.json.items.filter((e: { type: string }) => e.type === 'case_reported')).toHaveLength(1);
    // A later retry answers the first response again.
    expect((await submit('concurrent-submission')).json).toEqual(responses[0]!.json);
  });

  it('20 concurrent retries of one action record it once', async () => {
    const c = (await submit()).json;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api.post(`/v1/cases/${c.id}/accept`, { as: 'housing', headers: { 'idempotency-key': 'accept-once' } })),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    const events = (await api.get(`/v1/cases/${c.id}/events`, { as: 'housing' })).json.items.map((e: { type: string }) => e.type);
    expect(events.filter((t: string) => t === 'assignment_accepted')).toHaveLength(1);
  });

  it('the same key used by two people makes two cases: keys are per person', async () => {
    const a = await submit('shared-key', 'street');
    const b = await submit('shared-key', 'supervisor');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.json.id).not.toBe(b.json.id);
  });
});

describe('limits', () => {
  it('more requests than the per-token limit get 429 problem+json with Retry-After; other tokens are unaffected', async () => {
    const limited = await buildApi({ service: api.engine.service, db: api.engine.db, client: api.engine.client, directory: api.engine.directory, jwtSecret: TEST_JWT_SECRET, logger: false, rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const get = (person: Person) => limited.inject({ method: 'GET', url: '/v1/directory', headers: { authorization: `Bearer ${api.tokens[person]}` } });
      for (let i = 0; i < 3; i++) expect((await get('street')).statusCode).toBe(200);
      const refused = await get('street');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect((await get('supervisor')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('when Temporal cannot be reached', () => {
  it('a submission gets 503 with Retry-After, leaves nothing behind, and the same request succeeds once Temporal is back', async () => {
    const deadConnection = apiTemporalConnection('127.0.0.1:1', 500);
    const cut = await buildApi({
      service: createCaseService({ client: new Client({ connection: deadConnection }), db: api.engine.db, taskQueue: api.engine.taskQueue, policy: api.engine.policy, directory: api.engine.directory }),
      db: api.engine.db,
      client: new Client({ connection: deadConnection }),
      directory: api.engine.directory,
      jwtSecret: TEST_JWT_SECRET,
      logger: false,
    });
    try {
      const before = await api.counts();
      const request = { method: 'POST' as const, url: '/v1/cases', payload: sewerReport, headers: { authorization: `Bearer ${api.tokens.street}`, 'idempotency-key': 'during-outage' } };
      const refused = await cut.inject(request);
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json()).toMatchObject({ status: 503, type: expect.stringMatching(/temporal-unavailable$/) });
      expect((await cut.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ temporal: 'unreachable', database: 'ok' });
      expect(await api.counts()).toEqual(before);

      const retried = await api.app.inject(request);
      expect(retried.statusCode).toBe(201);
      expect((await api.counts()).cases).toBe(before.cases + 1);
    } finally {
      await cut.close();
      await deadConnection.close();
    }
  });
});

describe('when the database cannot be reached', () => {
  it('reads get 503 database-unavailable with Retry-After, and /readyz says so', async () => {
    const dead = await openDatabase({ url: 'postgresql://postgres@127.0.0.1:1/none' });
    const cut = await buildApi({ service: createCaseService({ client: api.engine.client, db: dead.db, taskQueue: api.engine.taskQueue, policy: api.engine.policy, directory: api.engine.directory }), db: dead.db, client: api.engine.client, directory: api.engine.directory, jwtSecret: TEST_JWT_SECRET, logger: false });
    try {
      const refused = await cut.inject({ method: 'GET', url: '/v1/cases', headers: { authorization: `Bearer ${api.tokens.supervisor}` } });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json()).toMatchObject({ status: 503, type: expect.stringMatching(/database-unavailable$/) });
      // Open311 too, even where an unknown id would only be left out of the list.
      const open311 = await cut.inject({ method: 'GET', url: '/open311/v2/requests.json', query: { api_key: api.tokens.supervisor, service_request_id: 'case-anything' } });
      expect(open311.statusCode).toBe(503);
      expect(open311.json()).toEqual([{ code: 503, description: expect.stringMatching(/^the database cannot be reached/) }]);
      const ready = await cut.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ temporal: 'ok', database: 'unreachable' });
    } finally {
      await cut.close();
      await dead.close();
    }
  });
});
