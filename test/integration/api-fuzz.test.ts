import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import {
  brokenBody,
  dotted,
  exampleOf,
  headerValue,
  ODD_STORABLE,
  urlText,
  hostileValue,
  isFreeText,
  leaves,
  percentEncode,
  show,
  UNSTORABLE,
  withField,
  type JsonSchema,
  type RawBody,
} from '../support/hostile-input';
import { startTestApi, type Person, type TestApi } from '../support/test-api';

/**
 * Fuzzes every operation of the served OpenAPI document, as every role, with hostile bodies,
 * queries, path ids and headers, on the real engine. Invariants: no 5xx, no hang, nothing
 * written on a refusal, text the database cannot store always refused, and afterwards every
 * case still takes an action (none wedged).
 *
 * Part 1 (the sweep) is exhaustive where it matters: every string field of every body, query
 * and path gets NUL and lone surrogates in an otherwise valid request, by the right role, on a
 * case whose state admits the action, so a field that lost its storable-text check lets the
 * text reach the event append and fails here. Part 2 is random (fast-check, fixed seed).
 */

const SEED = 20_261_121;
const PASSWORD = 'a fuzzing password 8731';
const RANDOM_RUNS = 4000;
/** Beyond this a request counts as hung (a wedged case never answers): a hang detector, not a benchmark. */
const REQUEST_TIMEOUT_MS = 6_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Caller = Person | null | 'garbage';

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  key: string;
  method: Method;
  path: string;
  params: Parameter[];
  body: JsonSchema | undefined;
  open311: boolean;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}

/** A field that holds text the database cannot store: the request must be refused. */
interface Refusal {
  in: 'body' | 'querystring' | 'params';
  path: string;
  /** The refusal must name the field (with `invalid_characters` on /v1): the value reaches the validator unchanged. */
  named: boolean;
}
interface Request {
  op: Operation;
  method: Method;
  url: string;
  as: Caller;
  headers: Record<string, string>;
  payload?: string;
  refusals: Refusal[];
  /** The sweep's requests are valid but for one field: exactly 400. */
  exact400?: boolean;
  caseId?: string;
}

const UNSTORABLE_RE = /[\u0000\uD800-\uDFFF]/u;
const unstorable = (v: unknown) => typeof v === 'string' && UNSTORABLE_RE.test(v);
const FORM = 'application/x-www-form-urlencoded';

let api: TestApi;
let operations: Operation[] = [];
/** Cases in known states for the sweep; `pool` also gets every case the run creates. */
const fixtures: Record<string, string> = {};
const pool: string[] = [];
const touched = new Set<string>();
const hits = new Map<string, number>();
let visitId = '';
/** The tracking code of each fixture case, for the residents' public operations. */
const trackingCodes = new Map<string, string>();

/** Values the directory knows, by field name, so an otherwise valid body passes every check but the hostile one. */
const KNOWN: Record<string, unknown> = {
  jurisdictionId: 'xihu',
  jurisdiction_id: 'xihu',
  categoryId: 'drainage.sewer',
  departmentId: 'lixian-housing',
  complaintAbout: 'lixian-urban-management',
  service_code: 'drainage.sewer',
  url: 'https://example.org/photo.jpg',
  media_url: 'https://example.org/photo.jpg',
  email: 'resident@example.org',
  lat: 29.03,
  lon: 111.69,
  phone: '+86 138 0000 0000',
  start: '22:00',
  end: '07:00',
};

interface Target {
  as: Caller;
  /** The fixture whose state admits the action. */
  fixture?: string;
  body: Record<string, unknown>;
}
/**
 * For each operation with a body: who may, on which case, with what valid body. In the order
 * the controls run: those that keep the `assigned` fixture assigned come before those that move it on.
 */
const TARGETS: Record<string, Target> = {
  'POST /v1/cases': { as: 'street', body: { description: 'The drain outside Building 9 is blocked', location: { jurisdictionId: 'xihu', address: 'Sweep Road 9' } } },
  'POST /open311/v2/requests.{format}': {
    as: 'street',
    body: { service_code: 'drainage.sewer', description: 'sewer overflowing', address_string: 'Open311 Road 7', lat: '29.03', long: '111.69', jurisdiction_id: 'xihu' },
  },
  'POST /v1/cases/{id}/dispatch': { as: 'supervisor', fixture: 'awaiting', body: { categoryId: 'drainage.sewer', departmentId: 'lixian-housing' } },
  'POST /v1/cases/{id}/unlink': { as: 'supervisor', fixture: 'duplicate', body: { reason: 'a different pipe' } },
  'POST /v1/cases/{id}/contact': { as: 'housing', fixture: 'accepted', body: { note: 'called the resident' } },
  'POST /v1/cases/{id}/visits': { as: 'housing', fixture: 'accepted', body: { scheduledFor: '2031-05-06T09:30:00+08:00', cadres: ['Liu Wei'] } },
  'POST /v1/cases/{id}/visits/{visitId}/complete': { as: 'housing', fixture: 'visiting', body: { findings: 'pipe cleared' } },
  'POST /v1/cases/{id}/resolve': { as: 'housing', fixture: 'visiting', body: { summary: 'cleared', outcome: 'resolved' } },
  'POST /v1/cases/{id}/feedback': { as: 'street', fixture: 'resolved', body: { rating: 'satisfied', comment: 'thank you' } },
  // The resident's own rating, by the resolved case's tracking code (no token).
  'POST /public/v1/cases/{trackingCode}/feedback': { as: null, fixture: 'resolved', body: { rating: 'basically_satisfied', comment: 'fine' } },
  'POST /v1/cases/{id}/resume': { as: 'housing', fixture: 'paused', body: { reason: 'the resident is back' } },
  'POST /v1/cases/{id}/escalate': { as: 'supervisor', fixture: 'assigned', body: { reason: 'no progress' } },
  'POST /v1/cases/{id}/package': { as: 'supervisor', fixture: 'assigned', body: { leader: 'Zhang Wei', reason: 'needs a leader' } },
  'POST /v1/cases/{id}/extend': { as: 'supervisor', fixture: 'assigned', body: { step: 'accept', by: 'PT1H', reason: 'busy week' } },
  'POST /v1/cases/{id}/pause': { as: 'housing', fixture: 'assigned', body: { reason: 'waiting for the resident' } },
  'POST /v1/cases/{id}/reassign': { as: 'supervisor', fixture: 'assigned', body: { departmentId: 'lixian-urban-management', reason: 'theirs' } },
  'POST /v1/cases/{id}/return': { as: 'housing', fixture: 'assigned', body: { reason: 'not ours' } },
  'POST /v1/cases/{id}/accept': { as: 'housing', fixture: 'assigned', body: {} },
  'POST /v1/cases/{id}/close': { as: 'supervisor', fixture: 'assigned', body: { reason: 'done elsewhere' } },
  'POST /v1/cases/{id}/withdraw': { as: 'street', fixture: 'assigned', body: { reason: 'the resident withdrew' } },
  // People: the refresh token comes from KNOWN (a session started in beforeAll).
  'POST /v1/session': { as: null, body: { username: 'fuzz.operator', password: PASSWORD } },
  'POST /v1/session/refresh': { as: null, body: {} },
  'POST /v1/session/sign-out': { as: null, body: {} },
  'POST /v1/users': { as: 'admin', body: { username: 'fuzz.sweep', password: PASSWORD, name: 'Fuzz Sweep', role: 'street', org: 'liyang' } },
  'PATCH /v1/users/{id}': { as: 'admin', fixture: 'user', body: { name: 'Fuzz Operator Renamed' } },
  'POST /v1/api-keys': { as: 'admin', body: { name: 'fuzz key', role: 'street', org: 'liyang', scopes: ['cases'] } },
  'POST /v1/api-keys/{id}/revoke': { as: 'admin', fixture: 'apiKey', body: {} },
  'POST /v1/audit/anchors': { as: 'admin', body: { day: '2026-12-01' } },
};
/** The fixtures that are cases (the others are a user and an API key). */
const CASE_FIXTURES = ['assigned', 'duplicate', 'awaiting', 'accepted', 'visiting', 'resolved', 'paused', 'closed'];

/** The valid body of an operation: its target's, over what the schema requires. */
const bodyOf = (op: Operation): unknown => (op.body ? { ...(exampleOf(op.body, KNOWN) as object), ...TARGETS[op.key]?.body } : undefined);

const withTimeout = <T>(work: Promise<T>, what: () => string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HUNG: no answer within ${REQUEST_TIMEOUT_MS} ms to ${what()}`)), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};

const tokenOf = (as: Caller) => (as === null ? undefined : as === 'garbage' ? 'not.a.jwt' : api.tokens[as]);

/** What to paste into a bug report: method, url, caller, headers and body, with odd characters escaped. */
const describeRequest = (r: Request) =>
  `${r.method} ${show(r.url, 200)} as ${r.as ?? 'nobody'}${Object.keys(r.headers).length ? ` headers ${show(r.headers, 200)}` : ''}${r.payload === undefined ? '' : ` body ${show(r.payload)}`}`;

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json: () => unknown;
}

/**
 * Fastify's injector, reading the body as a stream: an event stream (Server-Sent Events) never
 * ends, so of that only the first chunk is read and then the client goes away.
 */
async function inject(options: InjectOptions): Promise<Answer> {
  const res = await api.app.inject({ ...options, payloadAsStream: true });
  const chunks: Buffer[] = [];
  const endless = /^text\/event-stream/.test(String(res.headers['content-type']));
  for await (const chunk of res.stream()) {
    chunks.push(Buffer.from(chunk as Buffer));
    if (endless) break;
  }
  const body = Buffer.concat(chunks).toString('utf8');
  return { statusCode: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body) as unknown };
}

/** Sends one request and checks the invariants; requests run one at a time so the row counts are attributable. */
async function send(r: Request): Promise<Answer> {
  hits.set(r.op.key, (hits.get(r.op.key) ?? 0) + 1);
  if (r.caseId) touched.add(r.caseId);
  const headers = { ...r.headers };
  const token = tokenOf(r.as);
  if (!r.op.open311 && token) headers.authorization = `Bearer ${token}`;
  const before = await api.counts();
  const res = await withTimeout(inject({ method: r.method, url: r.url, headers, ...(r.payload === undefined ? {} : { payload: r.payload }) }), () => describeRequest(r));
  const after = await api.counts();
  const where = `${describeRequest(r)}\n→ ${res.statusCode} ${show(res.body, 500)}`;

  // A new case (not a new user or API key): the liveness check visits it, later requests act on it.
  if (res.statusCode === 201 && (r.op.key === 'POST /v1/cases' || r.op.open311) && /json/.test(String(res.headers['content-type']))) {
    const created = r.op.open311 ? (res.json() as { service_request_id?: string }[])[0]?.service_request_id : (res.json() as { id?: string }).id;
    if (created) {
      pool.push(created);
      touched.add(created);
    }
  }
  if (process.env.FUZZ_LOG) console.log(res.statusCode, describeRequest(r).slice(0, 160));
  expect(res.statusCode, `5xx: ${where}`).toBeLessThan(500);
  if (res.statusCode >= 400) expect(after, `written on a refusal: ${where}`).toEqual(before);
  if (r.refusals.length) {
    expect(res.statusCode, `unstorable text accepted: ${where}`).toBeGreaterThanOrEqual(400);
    if (r.exact400) expect(res.statusCode, `not refused as invalid: ${where}`).toBe(400);
    // Open311 answers an .xml request in XML: its refusal is checked for the status only.
    const problem = res.statusCode === 400 && /json/.test(String(res.headers['content-type'])) ? (res.json() as unknown) : undefined;
    for (const refusal of r.refusals.filter((x) => x.named && problem !== undefined)) {
      if (r.op.open311) {
        const descriptions = (problem as { description: string }[]).map((e) => e.description);
        expect(descriptions.some((d) => d.startsWith(`${refusal.path}: `)), `the refusal does not name ${refusal.path}: ${where}`).toBe(true);
      } else {
        const errors = (problem as { errors?: { path: string; in?: string; code?: string }[] }).errors ?? [];
        const named = errors.some((e) => e.path === refusal.path && e.code === 'invalid_characters' && (e.in === undefined || e.in === refusal.in));
        // Random requests may be refused before validation (a malformed URL: no field errors), or for
        // another part first (Fastify validates params, body, query in turn and stops at the first
        // that fails). The sweep's requests are valid but for the one field: it must be named, as
        // only the API's own check names it (a deeper layer's refusal would be 400 without it).
        const otherPart = errors.length > 0 && errors.every((e) => e.in !== undefined && e.in !== refusal.in);
        if (r.exact400 || (errors.length > 0 && !otherPart)) expect(named, `no invalid_characters on ${refusal.in} ${refusal.path}: ${where}`).toBe(true);
      }
    }
  }
  return res;
}

/** Builds a request: path values, query pairs and the body are raw strings, encoded here. */
function request(op: Operation, as: Caller, parts: { path?: Record<string, string>; query?: [string, string][]; headers?: Record<string, string>; body?: RawBody; refusals?: Refusal[]; caseId?: string; exact400?: boolean }): Request {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(parts.path?.[name] ?? ''));
  const query = [...(parts.query ?? [])];
  // Open311 takes the token as api_key (in the form body of a POST).
  const token = tokenOf(as);
  if (op.open311 && token && op.method === 'GET' && !query.some(([k]) => k === 'api_key')) query.push(['api_key', token]);
  const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const headers: Record<string, string> = { ...parts.headers };
  if (parts.body?.contentType) headers['content-type'] = parts.body.contentType;
  return {
    op,
    method: op.method,
    url: qs ? `${path}?${qs}` : path,
    as,
    headers,
    ...(parts.body ? { payload: parts.body.payload } : {}),
    refusals: parts.refusals ?? [],
    ...(parts.exact400 ? { exact400: true } : {}),
    ...(parts.caseId ? { caseId: parts.caseId } : {}),
  };
}

const json = (value: unknown): RawBody => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' });
/** A form body as an Open311 client sends it: strings only, the token as api_key. */
const form = (value: unknown, as: Caller): RawBody => {
  const fields = Object.entries({ ...(value as Record<string, unknown>) });
  const token = tokenOf(as);
  if (token && !fields.some(([k]) => k === 'api_key')) fields.push(['api_key', token]);
  return { payload: fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&'), contentType: FORM };
};
const withKey = (value: unknown, as: Caller) => {
  const token = tokenOf(as);
  return token ? { api_key: token, ...(value as Record<string, unknown>) } : value;
};

/** A valid value of each path parameter: the case, its visit, a service, the format. */
function pathValues(op: Operation, caseId: string): Record<string, string> {
  return Object.fromEntries(
    op.params
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, p.name === 'visitId' ? visitId : p.name === 'format' ? 'json' : p.name === 'code' ? 'drainage.sewer' : p.name === 'trackingCode' ? (trackingCodes.get(caseId) ?? caseId) : caseId]),
  );
}
const fixtureOf = (op: Operation) => fixtures[TARGETS[op.key]?.fixture ?? 'assigned']!;
/** The case an operation's requests touch, if its fixture is a case. */
const caseOf = (op: Operation) => (CASE_FIXTURES.includes(TARGETS[op.key]?.fixture ?? 'assigned') ? fixtureOf(op) : undefined);
const roleOf = (op: Operation): Caller => (op.key in TARGETS ? TARGETS[op.key]!.as : 'admin');

/** Part 1: each string field of each body, query and path, made unstorable in an otherwise valid request. */
function sweep(): Request[] {
  const out: Request[] = [];
  for (const op of operations) {
    const as = roleOf(op);
    const path = pathValues(op, fixtureOf(op));
    const caseId = caseOf(op);
    const valid = { as, path, ...(caseId ? { caseId } : {}) };
    for (const leaf of op.body ? leaves(op.body).filter((l) => l.schema.type === 'string' || l.schema.anyOf) : []) {
      for (const bad of UNSTORABLE) {
        const body = withField(bodyOf(op), op.body!, leaf.path, bad, KNOWN);
        const refusals: Refusal[] = [{ in: 'body', path: dotted(leaf.path), named: isFreeText(leaf.schema) }];
        out.push(request(op, as, { ...valid, body: json(op.open311 ? withKey(body, as) : body), refusals, exact400: true }));
        // Open311 clients post forms; a form carries NUL (%00), not a lone surrogate (its bytes are not UTF-8).
        if (op.open311 && !/[\uD800-\uDFFF]/.test(bad)) out.push(request(op, as, { ...valid, body: form(body, as), refusals, exact400: true }));
      }
    }
    for (const param of op.params.filter((p) => p.in === 'query' || p.in === 'path')) {
      // Only NUL: a URL cannot carry a lone surrogate (its bytes are not UTF-8, so the path is refused
      // and a query value is kept as the literal percent-escapes, which are storable).
      for (const bad of ['a\u0000b', '\u0000']) {
        const refusals: Refusal[] = [{ in: param.in === 'path' ? 'params' : 'querystring', path: param.name, named: isFreeText(param.schema) }];
        const parts = param.in === 'path' ? { path: { ...path, [param.name]: bad } } : { path, query: [[param.name, bad] as [string, string]] };
        out.push(request(op, as, { ...valid, ...parts, ...(op.body ? { body: validBody(op, as) } : {}), refusals, exact400: true }));
      }
    }
  }
  return out;
}

const validBody = (op: Operation, as: Caller) => (op.open311 ? form(bodyOf(op), as) : json(bodyOf(op)));

/**
 * Each operation once with its valid request, after the sweep (they change the fixtures). None
 * may be refused as invalid (400): that would mean the sweep's "otherwise valid" requests were
 * not, and never got near the database. A 403 or 409 is fine: an earlier action moved the case on.
 */
function controls(): Request[] {
  const order = (op: Operation) => (op.body ? Object.keys(TARGETS).indexOf(op.key) : -1);
  return [...operations]
    .sort((a, b) => order(a) - order(b))
    .map((op) => request(op, roleOf(op), { path: pathValues(op, fixtureOf(op)), ...(caseOf(op) ? { caseId: caseOf(op) } : {}), ...(op.body ? { body: validBody(op, roleOf(op)) } : {}) }));
}

const CALLERS: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Caller>('admin') },
  { weight: 6, arbitrary: fc.constantFrom<Caller>('street', 'supervisor', 'housing') },
  { weight: 2, arbitrary: fc.constantFrom<Caller>('otherStreet', 'otherSupervisor', 'otherDepartment', null, 'garbage') },
);

/** A case id as generated: an index into the pool (resolved when sent, as the pool grows) or hostile text. */
type IdSlot = { pool: number } | { text: string };
const idSlot: fc.Arbitrary<IdSlot> = fc.oneof(
  { weight: 5, arbitrary: fc.nat().map((pool) => ({ pool })) },
  { weight: 2, arbitrary: fc.oneof(urlText, fc.constantFrom('no-such-case', 'case-00000000-0000-0000-0000-000000000000', '%2e%2e', 'a/b')).map((text) => ({ text })) },
);

interface Plan {
  /** The operation's key (the plan stays small where fast-check prints it). */
  op: string;
  as: Caller;
  id: IdSlot;
  path: Record<string, string | undefined>;
  query: [string, string][];
  body: { kind: 'raw'; raw: RawBody } | { kind: 'field'; path: (string | number)[]; value: unknown; free: boolean; asForm: boolean } | { kind: 'valid' } | { kind: 'none' };
  idempotencyKey: string | undefined;
  accept: string | undefined;
}

/** Dates at the edges of what JavaScript, PostgreSQL and a day-by-day series can take. */
const EDGE_DATES = ['0000-01-01', '9999-12-31', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '2026-01-01T00:00:00+23:59', '1970-01-01', '2026-11-21'];
/** A cursor of this API's shape (base64url JSON `{k, id}`) with odd contents. */
const oddCursor = fc
  .record({ k: fc.oneof(fc.constantFrom<unknown>(...EDGE_DATES, null, 0, {}), urlText), id: fc.oneof(fc.constantFrom<unknown>(null, 1, []), urlText) })
  .map((position) => Buffer.from(JSON.stringify(position)).toString('base64url'));

/** Values for a query parameter: what its schema allows (enums, edge dates and numbers, known ids), odd cursors, hostile text. */
function queryValue(param: Parameter | undefined): fc.Arbitrary<string> {
  const s = param?.schema ?? {};
  const options = [s, ...(s.anyOf ?? [])];
  const allowed = options.flatMap((o) => [...(o.enum ?? []), ...(o.items?.enum ?? [])]).map(String);
  if (options.some((o) => o.format === 'date' || o.format === 'date-time')) allowed.push(...EDGE_DATES);
  if (options.some((o) => o.type === 'integer' || o.type === 'number')) allowed.push('0', '1', '100', '500', '501', '-1', '1e3', '9007199254740993', '0x10');
  if (param && typeof KNOWN[param.name] === 'string') allowed.push(KNOWN[param.name] as string);
  return fc.oneof(
    { weight: allowed.length ? 3 : 0, arbitrary: fc.constantFrom(...(allowed.length ? allowed : [''])) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_STORABLE) },
    { weight: 1, arbitrary: urlText },
    { weight: param?.name === 'cursor' ? 2 : 0, arbitrary: oddCursor },
  );
}

/** A path parameter other than the case id: one of its values (Open311's json and xml), the valid default (undefined), or hostile text. */
const pathValue = (param: Parameter): fc.Arbitrary<string | undefined> =>
  param.schema.enum
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...param.schema.enum.map(String)) }, { weight: 1, arbitrary: urlText })
    : fc.option(urlText, { freq: 3, nil: undefined });

const ACCEPTS = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/event-stream', 'application/xml', '*/*;q=0', 'text/csv;q=0.5, application/json', ''];

/** Part 2: random requests to random operations; mostly-valid bodies with one hostile field are the ones that find bugs. */
function plan(op: Operation): fc.Arbitrary<Plan> {
  const fieldLeaves = op.body ? leaves(op.body) : [];
  const body: fc.Arbitrary<Plan['body']> = !op.body
    ? fc.constant({ kind: 'none' as const })
    : fc.oneof(
        { weight: 2, arbitrary: brokenBody.map((raw) => ({ kind: 'raw' as const, raw })) },
        // Valid requests move cases on, so hostile ones meet cases in every state.
        { weight: 1, arbitrary: fc.constant({ kind: 'valid' as const }) },
        {
          weight: 7,
          arbitrary: fc
            .record({
              leaf: fc.constantFrom(...(fieldLeaves.length ? fieldLeaves : [{ path: ['x'], schema: {} }])),
              // Storable odd text gets past validation to the engine and the database; unstorable text must not.
              value: fc.oneof({ weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...UNSTORABLE) }, { weight: 2, arbitrary: fc.constantFrom<unknown>(...ODD_STORABLE) }),
              asForm: op.open311 ? fc.boolean() : fc.constant(false),
            })
            .map(({ leaf, value, asForm }) => ({ kind: 'field' as const, path: leaf.path, value, free: isFreeText(leaf.schema), asForm })),
        },
      );
  const queryParams = op.params.filter((p) => p.in === 'query');
  const oddKey = fc.tuple(fc.constantFrom('__proto__', 'constructor[prototype][x]', 'q[]', 'limit'), urlText);
  const query = queryParams.length
    ? fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...queryParams).chain((p) => fc.tuple(fc.constant(p.name), queryValue(p))) }, { weight: 1, arbitrary: oddKey }), { maxLength: 4 })
    : fc.oneof({ weight: 5, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.array(oddKey, { minLength: 1, maxLength: 2 }) });
  const pathParams = op.params.filter((p) => p.in === 'path' && p.name !== 'id' && p.name !== 'token');
  // Mostly the role that may act (so requests get past authorisation), else anyone.
  const as = fc.oneof({ weight: 3, arbitrary: fc.constant<Caller>(roleOf(op)) }, { weight: 2, arbitrary: CALLERS });
  return fc.record({
    op: fc.constant(op.key),
    as,
    id: idSlot,
    path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p)])) as Record<string, fc.Arbitrary<string | undefined>>),
    query,
    body,
    idempotencyKey: fc.option(headerValue, { freq: 3, nil: undefined }),
    // Lists answer CSV, a spreadsheet or JSON by Accept; the stream answers text/event-stream.
    accept: fc.option(fc.constantFrom(...ACCEPTS), { freq: 3, nil: undefined }),
  });
}

function materialise(p: Plan): Request {
  const op = operations.find((o) => o.key === p.op)!;
  // The id in the path: a case from the pool, or the operation's own user or API key, or hostile text.
  const own = TARGETS[op.key]?.fixture && !caseOf(op) ? fixtureOf(op) : undefined;
  const id = 'pool' in p.id ? (own ?? pool[p.id.pool % pool.length]!) : p.id.text;
  const caseId = 'pool' in p.id && !own ? id : undefined;
  const path = { ...pathValues(op, id), ...Object.fromEntries(Object.entries(p.path).filter((e): e is [string, string] => e[1] !== undefined)) };
  const refusals: Refusal[] = [];
  for (const [name, value] of Object.entries(path)) if (value.includes('\u0000')) refusals.push({ in: 'params', path: name, named: false });
  for (const [name, value] of p.query) if (value.includes('\u0000') && op.params.some((q) => q.in === 'query' && q.name === name)) refusals.push({ in: 'querystring', path: name, named: false });
  let body: RawBody | undefined;
  if (p.body.kind === 'raw') body = p.body.raw;
  if (p.body.kind === 'valid') body = op.open311 ? form(bodyOf(op), p.as) : json(bodyOf(op));
  if (p.body.kind === 'field') {
    const value = withField(bodyOf(op), op.body!, p.body.path, p.body.value, KNOWN);
    body = p.body.asForm ? form(value, p.as) : json(op.open311 ? withKey(value, p.as) : value);
    // A form cannot carry a lone surrogate (percentEncode writes bytes the parser keeps as text).
    // Path parameters are validated first: when one of them is hostile, its error is the one named.
    const pathHostile = 'text' in p.id || Object.entries(p.path).some(([name, v]) => v !== undefined && !op.params.find((q) => q.name === name)?.schema.enum?.includes(v));
    // A body without fields (accept) gets a stray `x`, which the schema drops unread: nothing to refuse.
    const known = leaves(op.body!).length > 0;
    if (known && unstorable(p.body.value) && !(p.body.asForm && /[\uD800-\uDFFF]/.test(p.body.value as string))) refusals.push({ in: 'body', path: dotted(p.body.path), named: p.body.free && !pathHostile });
  }
  return request(op, p.as, {
    path,
    query: p.query,
    ...(body ? { body } : {}),
    headers: { ...(p.idempotencyKey === undefined ? {} : { 'idempotency-key': p.idempotencyKey }), ...(p.accept === undefined ? {} : { accept: p.accept }) },
    refusals,
    ...(caseId ? { caseId } : {}),
  });
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase() as Method,
      path,
      params: o.parameters ?? [],
      body: o.requestBody?.content['application/json']?.schema,
      open311: path.startsWith('/open311/'),
    })),
  );
}

beforeAll(async () => {
  // Duplicate linking on, so a linked duplicate exists to unlink; no rate limit, the fuzzer is one client.
  // Sign-in failures are not slowed down here: the fuzzer fails many, and a hang is what it looks for.
  api = await startTestApi({
    policy: { duplicateWindow: 'P14D', duplicateDistanceM: 100 },
    api: { rateLimit: { max: 1_000_000, timeWindowMs: 60_000 }, signInPolicy: { lockAfter: 5, lockMs: 60_000, slowDownMs: 0 } },
  });
  operations = operationsOf((await api.get('/openapi.json')).json as OpenApiDocument);

  const submit = async (address: string, body: object = sewerReport) => {
    const r = await api.post('/v1/cases', { as: 'street', body: { ...body, location: { jurisdictionId: 'xihu', address } } });
    expect(r.status, r.body).toBe(201);
    trackingCodes.set(r.json.id, r.json.trackingCode);
    return r.json as { id: string; status: string };
  };
  const act = async (id: string, as: Person, action: string, body: object = {}) => {
    const r = await api.post(`/v1/cases/${id}/${action}`, { as, body });
    expect(r.status, `${action}: ${r.body}`).toBe(200);
    return r.json as { status: string; visitId?: string };
  };
  // Cases in the states the sweep's actions need, each at its own address (one duplicate on purpose).
  fixtures.assigned = (await submit('Building 1')).id;
  const duplicate = await submit('Building 1');
  expect(duplicate.status).toBe('awaiting_dispatch');
  fixtures.duplicate = duplicate.id;
  const awaiting = await api.post('/v1/cases', { as: 'street', body: { description: 'please come and look', location: { jurisdictionId: 'liyang' } } });
  expect(awaiting.json.status).toBe('awaiting_dispatch');
  fixtures.awaiting = awaiting.json.id;
  fixtures.accepted = (await submit('Building 2')).id;
  await act(fixtures.accepted, 'housing', 'accept');
  fixtures.visiting = (await submit('Building 3')).id;
  await act(fixtures.visiting, 'housing', 'accept');
  await act(fixtures.visiting, 'housing', 'contact', { note: 'called' });
  visitId = (await act(fixtures.visiting, 'housing', 'visits', { scheduledFor: '2031-05-06T09:30:00+08:00', cadres: ['Liu Wei'] })).visitId!;
  fixtures.resolved = (await submit('Building 4')).id;
  await act(fixtures.resolved, 'housing', 'accept');
  await act(fixtures.resolved, 'housing', 'contact', { note: 'called' });
  expect((await act(fixtures.resolved, 'housing', 'resolve', { summary: 'fixed', outcome: 'resolved' })).status).toBe('resolved');
  fixtures.paused = (await submit('Building 5')).id;
  await act(fixtures.paused, 'housing', 'pause', { reason: 'resident away' });
  fixtures.closed = (await submit('Building 6')).id;
  expect((await act(fixtures.closed, 'street', 'withdraw', { reason: 'resident withdrew' })).status).toBe('closed');
  // A staff account, a session of it and an API key, for the people operations.
  const user = await api.post('/v1/users', { as: 'admin', body: { username: 'fuzz.operator', password: PASSWORD, name: 'Fuzz Operator', role: 'street', org: 'liyang' } });
  expect(user.status, user.body).toBe(201);
  fixtures.user = user.json.id;
  const session = await api.post('/v1/session', { body: { username: 'fuzz.operator', password: PASSWORD } });
  expect(session.status, session.body).toBe(200);
  KNOWN.refreshToken = session.json.refreshToken;
  const key = await api.post('/v1/api-keys', { as: 'admin', body: { name: 'fuzz key', role: 'street', org: 'liyang' } });
  expect(key.status, key.body).toBe(201);
  fixtures.apiKey = key.json.id;
  pool.push(...CASE_FIXTURES.map((name) => fixtures[name]!));
  for (const id of pool) touched.add(id);
});

afterAll(async () => {
  // A hung request keeps the worker busy; do not let the teardown wait for it forever.
  await Promise.race([api?.close(), new Promise((resolve) => setTimeout(resolve, 20_000))]);
});

describe('fuzzing every operation of /openapi.json with hostile input', () => {
  it('knows how to make a valid request for every operation with a body', () => {
    expect(operations.length).toBeGreaterThan(20);
    const missing = operations.filter((op) => op.body && !TARGETS[op.key]).map((op) => op.key);
    expect(missing, 'add these to TARGETS so the sweep reaches their fields with an otherwise valid body').toEqual([]);
  });

  it('refuses unstorable text in every field of an otherwise valid request, and writes nothing', async () => {
    const requests = sweep();
    expect(requests.length).toBeGreaterThan(100);
    for (const r of requests) await send(r);
    for (const r of controls()) {
      const res = await send(r);
      expect(res.statusCode, `the valid request is refused as invalid, so the sweep proves nothing for it: ${describeRequest(r)} → ${show(res.body)}`).not.toBe(400);
    }
  }, 120_000);

  it('survives random hostile requests as every role: no 5xx, no hang, nothing written on a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations).chain(plan), async (p) => {
        await send(materialise(p));
      }),
      { seed: SEED, numRuns: RANDOM_RUNS, endOnFailure: true, interruptAfterTimeLimit: 40_000 },
    );
    expect(operations.filter((op) => !hits.get(op.key)).map((op) => op.key)).toEqual([]);
  }, 150_000);

  it('leaves no case wedged: every case the run touched still takes an action', async () => {
    const wedged: string[] = [];
    for (const id of touched) {
      const read = await withTimeout(api.get(`/v1/cases/${id}`, { as: 'admin' }), () => `GET /v1/cases/${id}`).catch((e: Error) => e);
      if (read instanceof Error || read.status !== 200) {
        wedged.push(`${id}: read ${read instanceof Error ? read.message : `${read.status} ${read.body}`}`);
        continue;
      }
      if (read.json.status === 'closed') continue;
      const acted = await withTimeout(api.post(`/v1/cases/${id}/package`, { as: 'admin', body: { leader: 'Liveness Check', reason: 'proves the case still takes actions' } }), () => `package ${id}`).catch((e: Error) => e);
      if (acted instanceof Error || acted.status !== 200) wedged.push(`${id} (${read.json.status}): ${acted instanceof Error ? acted.message : `${acted.status} ${acted.body}`}`);
    }
    expect(touched.size).toBeGreaterThanOrEqual(8);
    expect(wedged).toEqual([]);
  }, 120_000);
});
