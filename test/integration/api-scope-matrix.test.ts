import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ROUTES } from '../../api/routes/actions';
import type { Role } from '../../schema/actor';
import type { ActionName } from '../../schema/commands';
import { sewerReport } from '../support/actors';
import { startTestApi, type Person, type TestApi } from '../support/test-api';

/**
 * Who may call what, and on which cases (CONTRACT.md "Authentication and roles"): every endpoint
 * × every role × in and out of scope. Expected statuses, in order of precedence:
 *   no token 401 → a role the endpoint is not for 403 → outside the caller's scope
 *   (404 for a case, 403 for a submission, absence from a list) → the endpoint's success.
 * Every case here is reported in xihu (liyang street, lixian district) and, once routed, is
 * assigned to lixian-housing: so liyang, lixian and lixian-housing are in scope; furong, wuling
 * and lixian-health are not.
 */

type Reply = Awaited<ReturnType<TestApi['call']>>;

interface Seat {
  label: string;
  as: Person | null;
  role: Role | null;
  inScope: boolean;
}

/** The callers: one person per role on each side of the scope line, an admin, and no token at all. */
const SEATS: readonly Seat[] = [
  { label: 'street committee, in scope (liyang)', as: 'street', role: 'street', inScope: true },
  { label: 'street committee, out of scope (furong)', as: 'otherStreet', role: 'street', inScope: false },
  { label: 'department, in scope (lixian-housing)', as: 'housing', role: 'department', inScope: true },
  { label: 'department, out of scope (lixian-health)', as: 'otherDepartment', role: 'department', inScope: false },
  { label: 'supervisor, in scope (lixian)', as: 'supervisor', role: 'supervisor', inScope: true },
  { label: 'supervisor, out of scope (wuling)', as: 'otherSupervisor', role: 'supervisor', inScope: false },
  { label: 'admin', as: 'admin', role: 'admin', inScope: true },
  { label: 'no token', as: null, role: null, inScope: false },
];

function expectedStatus(roles: readonly Role[], seat: Seat, ok: number, outOfScope: number): number {
  if (seat.role === null) return 401;
  if (seat.role !== 'admin' && !roles.includes(seat.role)) return 403;
  return seat.inScope ? ok : outOfScope;
}

function expectReply(reply: Reply, expected: number): void {
  expect(reply.status, `${reply.status} ${reply.body}`).toBe(expected);
  if (expected >= 400) {
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json).toMatchObject({ status: expected, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: cases brought to a stage over HTTP, all created up front and concurrently.

/** Where a fixture case stands; `contacted` and `paused` are states within `accepted` and `assigned`. */
type Stage = 'awaiting_dispatch' | 'assigned' | 'paused' | 'accepted' | 'contacted' | 'visit_scheduled' | 'resolved';

const VISIT = { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: ['Liu Wei'] };
/** The department's steps (as lixian-housing) from `assigned` to each stage. */
const STEPS_TO: Record<Exclude<Stage, 'awaiting_dispatch'>, [path: string, body: object][]> = {
  assigned: [],
  paused: [['/pause', { reason: 'waiting for the resident to be home' }]],
  accepted: [['/accept', {}]],
  contacted: [['/accept', {}], ['/contact', { note: 'called the resident' }]],
  visit_scheduled: [['/accept', {}], ['/visits', VISIT]],
  resolved: [['/accept', {}], ['/contact', { note: 'called the resident' }], ['/resolve', { summary: 'pipe cleared', outcome: 'resolved' }]],
};
const STATUS_OF: Record<Stage, string> = {
  awaiting_dispatch: 'awaiting_dispatch',
  assigned: 'assigned',
  paused: 'assigned',
  accepted: 'accepted',
  contacted: 'accepted',
  visit_scheduled: 'visit_scheduled',
  resolved: 'resolved',
};

interface Fixture {
  id: string;
  title: string;
  visitId?: string;
  /** As the case stood when made: refused calls must leave it so. */
  updatedAt: string;
  status: string;
}

let api: TestApi;
let serial = 0;

async function must(reply: Promise<Reply>, status: number, what: string): Promise<Reply> {
  const r = await reply;
  if (r.status !== status) throw new Error(`fixture: ${what} answered ${r.status}, not ${status}: ${r.body}`);
  return r;
}

/** A fresh case in xihu, submitted by the liyang street committee and driven to `stage`. */
async function caseAt(stage: Stage): Promise<Fixture> {
  const n = ++serial;
  const report =
    stage === 'awaiting_dispatch'
      ? { title: `Unclear request #${n} (scope matrix)`, description: 'please come and look at the situation', location: sewerReport.location }
      : { ...sewerReport, title: `${sewerReport.title} #${n} (scope matrix)` };
  let last = (await must(api.post('/v1/cases', { as: 'street', body: report }), 201, 'submission')).json;
  const id: string = last.id;
  let visitId: string | undefined;
  for (const [path, body] of stage === 'awaiting_dispatch' ? [] : STEPS_TO[stage]) {
    last = (await must(api.post(`/v1/cases/${id}${path}`, { as: 'housing', body }), 200, `${path} on the way to ${stage}`)).json;
    visitId = last.visitId ?? visitId;
  }
  if (last.status !== STATUS_OF[stage]) throw new Error(`fixture: a case meant to be ${stage} is ${last.status}`);
  return { id, title: report.title, visitId, updatedAt: last.updatedAt, status: last.status };
}

/** Fixtures by key, made once; `beforeAll` asks for all of them at once so they are made concurrently. */
const fixtures = new Map<string, Promise<Fixture>>();
function fixture(key: string, stage: Stage): Promise<Fixture> {
  let f = fixtures.get(key);
  if (!f) fixtures.set(key, (f = caseAt(stage)));
  return f;
}


// ---------------------------------------------------------------------------------------------
// The endpoints other than actions.

interface Endpoint {
  name: string;
  /** Who may use it (CONTRACT.md's "who"); admins always may. */
  roles: readonly Role[];
  ok: number;
  /** What a permitted role gets for a case outside its scope. */
  outOfScope: number;
  send: (as: Person | null) => Promise<Reply>;
  /** More checks on a successful reply. */
  check?: (reply: Reply, seat: Seat) => void | Promise<void>;
}

const ALL_ROLES: readonly Role[] = ['street', 'department', 'supervisor', 'admin'];
const ids = (reply: Reply): string[] => reply.json.items.map((i: { id: string }) => i.id);
/** The case the read endpoints are tried on: reported in xihu, assigned to lixian-housing. */
const readCase = () => fixture('read', 'assigned');

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/directory',
    roles: ALL_ROLES,
    ok: 200,
    outOfScope: 200,
    send: (as) => api.get('/v1/directory', { as }),
    check: (r) => expect(r.json.jurisdictions.map((j: { id: string }) => j.id)).toContain('xihu'),
  },
  {
    name: 'POST /v1/cases (in xihu)',
    roles: ['street', 'supervisor'],
    ok: 201,
    outOfScope: 403,
    send: (as) => api.post('/v1/cases', { as, body: { ...sewerReport, title: `${sewerReport.title} submitted by ${as}` } }),
    check: (r) => expect(r.json).toMatchObject({ status: 'assigned', location: { jurisdictionId: 'xihu' }, departmentId: 'lixian-housing' }),
  },
  {
    name: 'GET /v1/cases/{id}',
    roles: ['street', 'department', 'supervisor'],
    ok: 200,
    outOfScope: 404,
    send: async (as) => api.get(`/v1/cases/${(await readCase()).id}`, { as }),
    check: (r) => expect(r.json).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing' }),
  },
  {
    name: 'GET /v1/cases/{id}/events',
    roles: ['street', 'department', 'supervisor'],
    ok: 200,
    outOfScope: 404,
    send: async (as) => api.get(`/v1/cases/${(await readCase()).id}/events`, { as }),
    check: (r) => expect(r.json.items.map((e: { type: string }) => e.type)).toEqual(['case_reported', 'case_classified', 'case_assigned']),
  },
  {
    name: 'GET /v1/cases',
    roles: ['street', 'department', 'supervisor'],
    ok: 200,
    outOfScope: 200,
    // Filtered on the case's unique title so that it is on the first page if it is there at all.
    send: async (as) => api.get('/v1/cases', { as, query: { q: (await readCase()).title, limit: '100' } }),
    check: async (r, seat) => {
      const id = (await readCase()).id;
      if (seat.inScope) expect(ids(r)).toContain(id);
      else expect(ids(r)).not.toContain(id);
    },
  },
  {
    name: 'GET /v1/tasks',
    roles: ['department'],
    ok: 200,
    outOfScope: 200,
    send: (as) => api.get('/v1/tasks', { as, query: { limit: '500' } }),
    check: async (r, seat) => {
      const id = (await readCase()).id;
      // An admin has no department, so no assignments of its own: only the 200 is asserted.
      if (seat.role !== 'department') return;
      if (seat.inScope) expect(ids(r)).toContain(id);
      else expect(ids(r)).not.toContain(id);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The actions (ACTION_ROUTES), each on a case in a status where it succeeds.

interface Action {
  action: ActionName;
  /** Under /v1/cases/{id}; `:visitId` is the fixture's visit. */
  path: string;
  /** Who may take it (CONTRACT.md, and `decideAction`); admins always may. */
  roles: readonly Role[];
  stage: Stage;
  body: object;
  /** What the case becomes. */
  becomes: object;
}

const ACTIONS: readonly Action[] = [
  { action: 'dispatch', path: '/dispatch', roles: ['supervisor'], stage: 'awaiting_dispatch', body: { categoryId: 'drainage.sewer', departmentId: 'lixian-housing' }, becomes: { status: 'assigned', departmentId: 'lixian-housing' } },
  { action: 'accept', path: '/accept', roles: ['department'], stage: 'assigned', body: {}, becomes: { status: 'accepted' } },
  { action: 'return', path: '/return', roles: ['department'], stage: 'assigned', body: { reason: 'a municipal main, not ours' }, becomes: { returnCount: 1 } },
  { action: 'contact', path: '/contact', roles: ['department'], stage: 'accepted', body: { note: 'called Ms Zhang' }, becomes: { contacted: true } },
  { action: 'scheduleVisit', path: '/visits', roles: ['department'], stage: 'accepted', body: VISIT, becomes: { status: 'visit_scheduled', visitId: expect.any(String) } },
  { action: 'completeVisit', path: '/visits/:visitId/complete', roles: ['department'], stage: 'visit_scheduled', body: { findings: 'collapsed pipe' }, becomes: { visits: [expect.objectContaining({ findings: 'collapsed pipe' })] } },
  { action: 'resolve', path: '/resolve', roles: ['department'], stage: 'contacted', body: { summary: 'pipe replaced', outcome: 'resolved' }, becomes: { status: 'resolved' } },
  // CONTRACT.md's table names only the street committee for feedback and withdraw; ACTION_ROUTES and decideAction also let a supervisor relay them.
  { action: 'feedback', path: '/feedback', roles: ['street', 'supervisor'], stage: 'resolved', body: { rating: 'satisfied' }, becomes: { status: 'closed', outcome: 'satisfied' } },
  { action: 'pause', path: '/pause', roles: ['department'], stage: 'assigned', body: { reason: 'resident away' }, becomes: { paused: true } },
  { action: 'resume', path: '/resume', roles: ['department'], stage: 'paused', body: { reason: 'resident back' }, becomes: { paused: false } },
  { action: 'escalate', path: '/escalate', roles: ['supervisor'], stage: 'assigned', body: { reason: 'residents keep calling' }, becomes: { escalationLevel: 1 } },
  { action: 'reassign', path: '/reassign', roles: ['supervisor'], stage: 'assigned', body: { departmentId: 'lixian-health' }, becomes: { status: 'assigned', departmentId: 'lixian-health' } },
  { action: 'extend', path: '/extend', roles: ['supervisor'], stage: 'assigned', body: { step: 'accept', by: 'PT1H', reason: 'holiday' }, becomes: { status: 'assigned' } },
  { action: 'package', path: '/package', roles: ['supervisor'], stage: 'assigned', body: { leader: 'Deputy head Wang' }, becomes: { leader: 'Deputy head Wang' } },
  { action: 'close', path: '/close', roles: ['supervisor'], stage: 'assigned', body: { reason: 'duplicate of another case' }, becomes: { status: 'closed', outcome: 'closed_by_supervisor' } },
  { action: 'withdraw', path: '/withdraw', roles: ['street', 'supervisor'], stage: 'assigned', body: { reason: 'the resident fixed it' }, becomes: { status: 'closed', outcome: 'withdrawn' } },
];

/**
 * A successful cell changes its case, so each gets a case of its own; every refused cell of an
 * action shares one probe case, which must be unchanged at the end.
 */
const fixtureKey = (a: Action, seat: Seat) => (expectedStatus(a.roles, seat, 200, 404) === 200 ? `${a.action} by ${seat.as}` : `${a.action} probe`);
const actionUrl = (a: Action, c: Fixture) => `/v1/cases/${c.id}${a.path.replace(':visitId', c.visitId ?? 'no-visit')}`;

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  api = await startTestApi({ api: { rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  await Promise.all([readCase(), ...ACTIONS.flatMap((a) => SEATS.map((seat) => fixture(fixtureKey(a, seat), a.stage)))]);
});
afterAll(() => api?.close());

for (const endpoint of ENDPOINTS) {
  describe(endpoint.name, () => {
    for (const seat of SEATS) {
      const expected = expectedStatus(endpoint.roles, seat, endpoint.ok, endpoint.outOfScope);
      it(`${seat.label} → ${expected}`, async () => {
        const reply = await endpoint.send(seat.as);
        expectReply(reply, expected);
        if (expected < 300) await endpoint.check?.(reply, seat);
      });
    }
  });
}

for (const action of ACTIONS) {
  describe(`POST /v1/cases/{id}${action.path} (${action.action})`, () => {
    for (const seat of SEATS) {
      const expected = expectedStatus(action.roles, seat, 200, 404);
      it(`${seat.label} → ${expected}`, async () => {
        const c = await fixture(fixtureKey(action, seat), action.stage);
        const reply = await api.post(actionUrl(action, c), { as: seat.as, body: action.body });
        expectReply(reply, expected);
        if (expected === 200) expect(reply.json).toMatchObject({ id: c.id, ...action.becomes });
      });
    }
  });
}

describe('the matrix itself', () => {
  it('covers every action route', () => {
    const key = (r: { action: string; path: string }) => `${r.action} ${r.path}`;
    // unlinkDuplicate needs a linked duplicate, which this file's engine never makes: its cells are in api-duplicates.test.ts.
    expect(ACTIONS.map(key).sort()).toEqual(ACTION_ROUTES.filter((r) => r.action !== 'unlinkDuplicate').map(key).sort());
  });

  it('left every probe case as it was: no refused call changed anything', async () => {
    for (const action of ACTIONS) {
      const probe = await fixture(`${action.action} probe`, action.stage);
      const now = await api.get(`/v1/cases/${probe.id}`, { as: 'admin' });
      expect(now.json, action.action).toMatchObject({ status: probe.status, updatedAt: probe.updatedAt });
    }
  });
});
