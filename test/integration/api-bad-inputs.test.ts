import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { sewerReport } from '../support/actors';
import { PEOPLE, startTestApi, type Person, type TestApi } from '../support/test-api';

/**
 * Bad requests of every kind: each must be answered with the right status as RFC 9457
 * problem+json (naming the offending fields of a validation failure) and leave no case and
 * no event behind.
 */

let api: TestApi;

/** Values that rows refer to as `{name}` in their url, headers and query; filled in by beforeAll. */
const fixtures: Record<string, string> = {};

/** A report the classifier cannot place: it waits for a supervisor to dispatch it. */
const vagueReport = { description: 'please come and look', location: { jurisdictionId: 'liyang' } };
const validReport = { description: 'the street light at the corner is broken', location: { jurisdictionId: 'liyang' } };

const REUSED_KEY = 'bad-inputs-reused-key';
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Status = 400 | 401 | 404 | 409 | 413 | 415 | 422;

interface Row {
  name: string;
  method: 'GET' | 'POST';
  /** May hold `{fixture}` placeholders. */
  url: string;
  as: Person | null;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
  status: Status;
  /** For validation failures: the `path` of every entry of `errors`. */
  paths?: string[];
  /** More the problem body must hold, e.g. the case's current status of a 409. */
  problem?: Record<string, unknown>;
}

const submit = (name: string, body: unknown, paths: string[], extra: Partial<Row> = {}): Row => ({
  name: `POST /v1/cases: ${name}`,
  method: 'POST',
  url: '/v1/cases',
  as: 'street',
  body,
  status: 400,
  paths,
  ...extra,
});

const act = (name: string, as: Person, url: string, body: unknown, status: Status, paths?: string[], extra: Partial<Row> = {}): Row => ({
  name: `POST ${url}: ${name}`,
  method: 'POST',
  url,
  as,
  body,
  status,
  ...(paths ? { paths } : {}),
  ...extra,
});

const list = (name: string, query: Record<string, string | string[]>, paths: string[], extra: Partial<Row> = {}): Row => ({
  name: `GET /v1/cases?${new URLSearchParams(query as Record<string, string>).toString().slice(0, 80)}: ${name}`,
  method: 'GET',
  url: '/v1/cases',
  as: 'supervisor',
  query,
  status: 400,
  paths,
  ...extra,
});

const ROWS: Row[] = [
  // Submissions: missing, wrong-typed, out-of-range, over-long and empty fields.
  submit('description missing', { location: { jurisdictionId: 'liyang' } }, ['description']),
  submit('location missing', { description: 'a pothole' }, ['location']),
  submit('location.jurisdictionId missing', { description: 'a pothole', location: { address: 'No. 1 Main Street' } }, ['location.jurisdictionId']),
  submit('description is a number', { ...validReport, description: 42 }, ['description']),
  submit('lat is a string', { ...validReport, location: { jurisdictionId: 'liyang', lat: '29.6', lon: 111.7 } }, ['location.lat']),
  submit('lat 91 is out of range', { ...validReport, location: { jurisdictionId: 'liyang', lat: 91, lon: 111.7 } }, ['location.lat']),
  submit('lon -181 is out of range', { ...validReport, location: { jurisdictionId: 'liyang', lat: 29.6, lon: -181 } }, ['location.lon']),
  submit('urgency is not one of the enum', { ...validReport, urgency: 'critical' }, ['urgency']),
  submit('channel is unknown', { ...validReport, channel: 'carrier_pigeon' }, ['channel']),
  submit('description of 5001 characters', { ...validReport, description: 'x'.repeat(5001) }, ['description']),
  submit('title of 201 characters', { ...validReport, title: 't'.repeat(201) }, ['title']),
  submit('description of whitespace only', { ...validReport, description: ' \t\n  ' }, ['description']),
  submit('empty description', { ...validReport, description: '' }, ['description']),
  submit('empty title', { ...validReport, title: '' }, ['title']),
  submit('empty location.jurisdictionId', { ...validReport, location: { jurisdictionId: '' } }, ['location.jurisdictionId']),
  submit('unknown jurisdiction', { ...validReport, location: { jurisdictionId: 'atlantis' } }, ['location.jurisdictionId']),
  submit('attachment url is not a URL', { ...validReport, attachments: [{ url: 'not a url', kind: 'photo' }] }, ['attachments.0.url']),
  submit('reporter.anonymous is a string', { ...validReport, reporter: { anonymous: 'yes' } }, ['reporter.anonymous']),
  submit('the body is a JSON array', [validReport], ['']),
  submit('the body is broken JSON', '{"description": ', [], { paths: undefined, headers: { 'content-type': 'application/json' } }),
  submit('the body is text/plain', 'please fix the sewer', [], { paths: undefined, status: 415, headers: { 'content-type': 'text/plain' } }),
  submit('the body is a form', 'description=please+fix&location=liyang', [], {
    paths: undefined,
    status: 415,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  submit('the body is over the 256 KiB limit', { ...validReport, description: 'x'.repeat(300 * 1024) }, [], { paths: undefined, status: 413 }),
  submit('Idempotency-Key of 201 characters', validReport, ['idempotency-key'], { headers: { 'idempotency-key': 'k'.repeat(201) } }),
  submit('Idempotency-Key reused with another body', { ...sewerReport, title: 'another title' }, [], {
    paths: undefined,
    status: 422,
    headers: { 'idempotency-key': REUSED_KEY },
  }),

  // Actions on cases: missing and bad fields, unknown ids, actions that do not fit the case.
  act('return without a reason', 'housing', '/v1/cases/{assigned}/return', {}, 400, ['reason']),
  act('close without a reason', 'supervisor', '/v1/cases/{assigned}/close', {}, 400, ['reason']),
  act('close with a whitespace-only reason', 'supervisor', '/v1/cases/{assigned}/close', { reason: '   ' }, 400, ['reason']),
  act('withdraw without a reason', 'street', '/v1/cases/{assigned}/withdraw', {}, 400, ['reason']),
  act('withdraw with no body at all', 'street', '/v1/cases/{assigned}/withdraw', undefined, 400, ['reason']),
  act('feedback without a rating', 'street', '/v1/cases/{assigned}/feedback', { comment: 'fine' }, 400, ['rating']),
  act('feedback with an unknown rating', 'street', '/v1/cases/{assigned}/feedback', { rating: 'delighted' }, 400, ['rating']),
  act('scheduledFor is not an ISO instant', 'housing', '/v1/cases/{visiting}/visits', { scheduledFor: 'next tuesday', cadres: ['Liu Wei'] }, 400, ['scheduledFor']),
  act('scheduledFor is a date without a time', 'housing', '/v1/cases/{visiting}/visits', { scheduledFor: '2026-11-23', cadres: ['Liu Wei'] }, 400, ['scheduledFor']),
  act('cadres is a string', 'housing', '/v1/cases/{visiting}/visits', { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: 'Liu Wei' }, 400, ['cadres']),
  act('cadres is empty', 'housing', '/v1/cases/{visiting}/visits', { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: [] }, 400, ['cadres']),
  act('resolve with an unknown outcome', 'housing', '/v1/cases/{visiting}/resolve', { summary: 'done', outcome: 'fixed' }, 400, ['outcome']),
  act('contact note of 2001 characters', 'housing', '/v1/cases/{visiting}/contact', { note: 'n'.repeat(2001) }, 400, ['note']),
  act('dispatch with an unknown categoryId', 'supervisor', '/v1/cases/{awaiting}/dispatch', { categoryId: 'no-such-category', departmentId: 'lixian-housing' }, 400, [
    'categoryId',
  ]),
  act('dispatch with an unknown departmentId', 'supervisor', '/v1/cases/{awaiting}/dispatch', { categoryId: 'noise', departmentId: 'no-such-department' }, 400, [
    'departmentId',
  ]),
  act('dispatch with both ids unknown', 'supervisor', '/v1/cases/{awaiting}/dispatch', { categoryId: 'nope', departmentId: 'nope' }, 400, ['categoryId', 'departmentId']),
  act('dispatch without a departmentId', 'supervisor', '/v1/cases/{awaiting}/dispatch', { categoryId: 'noise' }, 400, ['departmentId']),
  act('reassign to an unknown departmentId', 'supervisor', '/v1/cases/{assigned}/reassign', { departmentId: 'no-such-department' }, 400, ['departmentId']),
  act('extend with both until and by', 'supervisor', '/v1/cases/{assigned}/extend', { step: 'accept', until: '2099-01-01T00:00:00Z', by: 'PT1H', reason: 'busy' }, 400, [
    'until',
  ]),
  act('extend with neither until nor by', 'supervisor', '/v1/cases/{assigned}/extend', { step: 'accept', reason: 'busy' }, 400, ['until']),
  act('extend an unknown step', 'supervisor', '/v1/cases/{assigned}/extend', { step: 'lunch', by: 'PT1H', reason: 'busy' }, 400, ['step']),
  // decide() rejects an unknown visit with rule code invalid_input, which the API answers as 400.
  act('complete an unknown visit', 'housing', '/v1/cases/{visiting}/visits/no-such-visit/complete', { findings: 'nothing there' }, 400, undefined, {
    problem: { code: 'invalid_input', caseStatus: 'visit_scheduled' },
  }),
  act('dispatch a case that is already assigned', 'supervisor', '/v1/cases/{assigned}/dispatch', { categoryId: 'noise', departmentId: 'lixian-urban-management' }, 409, undefined, {
    problem: { caseStatus: 'assigned' },
  }),
  act('accept a case whose visit is scheduled', 'housing', '/v1/cases/{visiting}/accept', {}, 409, undefined, { problem: { caseStatus: 'visit_scheduled' } }),
  act('feedback on a case that is not resolved', 'street', '/v1/cases/{assigned}/feedback', { rating: 'satisfied' }, 409, undefined, { problem: { caseStatus: 'assigned' } }),
  act('an unknown case', 'housing', '/v1/cases/no-such-case/accept', {}, 404),
  act('an unknown action', 'supervisor', '/v1/cases/{assigned}/frobnicate', {}, 404),

  // Listing: bad cursors, dates, limits, enums and unknown ids.
  list('cursor is garbage', { cursor: 'garbage' }, ['cursor']),
  list('cursor is JSON with a bad date', { cursor: base64url({ k: 'not-a-date', id: 'case-1' }) }, ['cursor']),
  list('cursor is JSON with an impossible date', { cursor: base64url({ k: '2026-13-45T00:00:00Z', id: 'case-1' }) }, ['cursor']),
  list('cursor is JSON without an id', { cursor: base64url({ k: '2026-01-01T00:00:00Z' }) }, ['cursor']),
  list('from=yesterday', { from: 'yesterday' }, ['from']),
  list('to=2026-13-45', { to: '2026-13-45' }, ['to']),
  list('limit=0', { limit: '0' }, ['limit']),
  list('limit=101', { limit: '101' }, ['limit']),
  list('limit=abc', { limit: 'abc' }, ['limit']),
  list('status is not a status', { status: 'open' }, ['status']),
  list('urgency is not an urgency', { urgency: 'whenever' }, ['urgency']),
  list('overdue is not a boolean', { overdue: 'maybe' }, ['overdue']),
  list('q of 201 characters', { q: 'q'.repeat(201) }, ['q']),
  list('unknown jurisdictionId', { jurisdictionId: 'atlantis' }, ['jurisdictionId']),
  list('unknown categoryId', { categoryId: 'no-such-category' }, ['categoryId']),
  list('unknown departmentId', { departmentId: 'no-such-department' }, ['departmentId']),
  { name: 'GET /v1/tasks?limit=0', method: 'GET', url: '/v1/tasks', as: 'housing', query: { limit: '0' }, status: 400, paths: ['limit'] },

  // Reading unknown cases.
  { name: 'GET /v1/cases/{id}: an unknown case', method: 'GET', url: '/v1/cases/no-such-case', as: 'supervisor', status: 404 },
  { name: 'GET /v1/cases/{id}/events: an unknown case', method: 'GET', url: '/v1/cases/no-such-case/events', as: 'supervisor', status: 404 },
  { name: 'GET /v1/cases/{id}: a case outside the street\'s jurisdiction', method: 'GET', url: '/v1/cases/{assigned}', as: 'otherStreet', status: 404 },

  // Authentication.
  { name: 'GET /v1/cases without a token', method: 'GET', url: '/v1/cases', as: null, status: 401 },
  { name: 'POST /v1/cases without a token', method: 'POST', url: '/v1/cases', as: null, body: validReport, status: 401 },
  { name: 'GET /v1/cases with a token signed with another secret', method: 'GET', url: '/v1/cases', as: null, headers: { authorization: 'Bearer {wrongSecretToken}' }, status: 401 },
  { name: 'POST /v1/cases with a token signed with another secret', method: 'POST', url: '/v1/cases', as: null, body: validReport, headers: { authorization: 'Bearer {wrongSecretToken}' }, status: 401 },
  { name: 'GET /v1/cases with a garbage token', method: 'GET', url: '/v1/cases', as: null, headers: { authorization: 'Bearer garbage' }, status: 401 },
  { name: 'GET /v1/cases with a tampered token (role raised to admin)', method: 'GET', url: '/v1/cases', as: null, headers: { authorization: 'Bearer {tamperedToken}' }, status: 401 },
  { name: 'GET /v1/cases with an expired token', method: 'GET', url: '/v1/cases', as: null, headers: { authorization: 'Bearer {expiredToken}' }, status: 401 },
  { name: 'GET /v1/cases with Basic credentials', method: 'GET', url: '/v1/cases', as: null, headers: { authorization: 'Basic dXNlcjpwYXNz' }, status: 401 },
];

const fill = (text: string) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = fixtures[name];
    if (value === undefined) throw new Error(`no fixture ${whole}`);
    return value;
  });
const fillAll = (record: Record<string, string> | undefined) => (record ? Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fill(v)])) : undefined);

/** Waits until the workflows started so far have written everything they will write for now. */
async function settledCounts(): Promise<{ cases: number; events: number }> {
  let last = await api.counts();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await api.counts();
    if (now.cases === last.cases && now.events === last.events && i >= 2) return now;
    last = now;
  }
  return last;
}

beforeAll(async () => {
  api = await startTestApi();

  const assigned = await api.post('/v1/cases', { as: 'street', body: sewerReport });
  expect(assigned.status).toBe(201);
  expect(assigned.json).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing' });
  fixtures.assigned = assigned.json.id;

  const awaiting = await api.post('/v1/cases', { as: 'street', body: vagueReport });
  expect(awaiting.status).toBe(201);
  expect(awaiting.json.status).toBe('awaiting_dispatch');
  fixtures.awaiting = awaiting.json.id;

  const visiting = await api.post('/v1/cases', { as: 'street', body: sewerReport });
  expect(visiting.status).toBe(201);
  const id = visiting.json.id as string;
  expect((await api.post(`/v1/cases/${id}/accept`, { as: 'housing' })).status).toBe(200);
  const scheduled = await api.post(`/v1/cases/${id}/visits`, { as: 'housing', body: { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: ['Liu Wei'] } });
  expect(scheduled.status).toBe(200);
  expect(scheduled.json.status).toBe('visit_scheduled');
  fixtures.visiting = id;

  // The first use of the key succeeds and makes exactly one case; its reuse is a row of the table.
  const before = await settledCounts();
  const first = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': REUSED_KEY } });
  expect(first.status).toBe(201);
  const after = await settledCounts();
  expect(after.cases).toBe(before.cases + 1);
  expect(after.events).toBeGreaterThan(before.events);

  fixtures.wrongSecretToken = await signToken('not-the-secret-the-api-was-started-with', PEOPLE.street);
  fixtures.expiredToken = await signToken('test-secret-for-the-case-api-0123456789', PEOPLE.street, Math.floor(Date.now() / 1000) - 60);
  const [header, payload, signature] = api.tokens.street.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  fixtures.tamperedToken = [header, base64url({ ...claims, role: 'admin', org: 'changde' }), signature].join('.');
  expect(fixtures.tamperedToken).not.toBe(api.tokens.street);
});
afterAll(() => api?.close());

describe('bad requests are answered as problem+json and leave nothing behind', () => {
  it('the table is big enough', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });

  for (const row of ROWS) it(`${row.status} ${row.name}`, async () => {
    const before = await api.counts();
    const response = await api.call(row.method, fill(row.url), {
      as: row.as,
      body: row.body,
      headers: fillAll(row.headers),
      query: row.query,
    });

    expect({ status: response.status, body: response.json ?? response.body }).toMatchObject({ status: row.status });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json;
    expect(problem).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: row.status,
      detail: expect.any(String),
    });
    expect(problem.type.length).toBeGreaterThan(0);
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.detail.length).toBeGreaterThan(0);
    if (row.paths) {
      expect(Array.isArray(problem.errors), 'a validation failure lists its fields in errors').toBe(true);
      for (const e of problem.errors) expect(e).toMatchObject({ path: expect.any(String), message: expect.any(String) });
      expect([...new Set(problem.errors.map((e: { path: string }) => e.path))].sort()).toEqual([...row.paths].sort());
    }
    if (row.problem) expect(problem).toMatchObject(row.problem);
    if (row.status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer/);

    expect(await api.counts()).toEqual(before);
  });
});

describe('text that looks like SQL or script is stored and returned as text', () => {
  it('keeps title, description and address verbatim', async () => {
    const title = '\'); DROP TABLE cases; --';
    const description = '<script>alert(1)</script> 下水道堵塞 🚧💧 Robert\'); DROP TABLE case_events;-- "quoted" \\ back\\slash %_ like';
    const address = '1\' OR \'1\'=\'1; <img src=x onerror=alert(1)> 西湖社区 🏠';
    const submitted = await api.post('/v1/cases', { as: 'street', body: { title, description, location: { jurisdictionId: 'liyang', address } } });
    expect(submitted.status).toBe(201);
    const id = submitted.json.id as string;
    expect(submitted.json).toMatchObject({ title, description, location: { address } });

    const read = await api.get(`/v1/cases/${id}`, { as: 'supervisor' });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id, title, description, location: { jurisdictionId: 'liyang', address } });

    const events = await api.get(`/v1/cases/${id}/events`, { as: 'street' });
    expect(events.status).toBe(200);
    expect(events.json.items[0]).toMatchObject({ type: 'case_reported', data: { report: { title, description, location: { address } } } });

    const found = await api.get('/v1/cases', { as: 'supervisor', query: { q: 'DROP TABLE case_events' } });
    expect(found.status).toBe(200);
    expect(found.json.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const likeChars = await api.get('/v1/cases', { as: 'supervisor', query: { q: '%_ like' } });
    expect(likeChars.json.items.map((i: { id: string }) => i.id)).toEqual([id]);

    // The tables are still there and still hold the case.
    const row = await api.engine.db.selectFrom('cases').select(['id', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state.report?.title).toBe(title);
    expect((await api.counts()).events).toBeGreaterThan(0);
  });
});
