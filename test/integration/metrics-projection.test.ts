import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseFacts, summarize, type CaseFacts } from '../../domain/case-metrics';
import { streetOf } from '../../domain/jurisdictions';
import { metricsSummary, type GroupBy } from '../../api/queries/metrics-summary';
import { jurisdictionsWithin } from '../../api/scope';
import { appendEvents } from '../../store/append-events';
import { caseMetricsProjection, CASE_METRICS } from '../../store/projections/case-metrics-projection';
import { ensureDays } from '../../store/projections/daily-metrics';
import { projectBatch, projectionLag, readCheckpoint } from '../../store/projections/projector';
import { rebuildCaseMetrics } from '../../store/projections/rebuild-case-metrics';
import { projectUntilCaughtUp } from '../../store/projections/run-projector';
import type { CaseEvent } from '../../schema/events';
import { department, street, supervisor } from '../support/actors';
import { createTestDatabase } from '../support/test-database';
import { CaseHarness, directory } from '../unit/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const housing = department('lixian-housing');
const admin = { sub: 'root', role: 'admin', org: 'changde' } as const;
const projection = caseMetricsProjection(directory);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

/** A case carried by the real decider on its own clock, its events appended as the workflow would. */
function harness(caseId: string, startAt: number, report: Partial<{ location: { jurisdictionId: string; address: string } }> = {}) {
  return new CaseHarness(undefined, undefined, { caseId, now: startAt, newId: randomUUID, report });
}
async function store(c: CaseHarness, from = 0): Promise<void> {
  await appendEvents(db.db, { caseId: c.state.caseId, expectedVersion: from, events: c.events.slice(from) });
}
function handled(caseId: string, startAt: number, rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied', resolveAfter: number) {
  const c = harness(caseId, startAt);
  c.classifyAndRoute();
  c.advance(HOUR).run({ type: 'accept', actor: housing, input: {} });
  c.run({ type: 'contact', actor: housing, input: { note: 'called' } });
  const [scheduled] = c.run({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T02:00:00Z', cadres: ['Liu'] } });
  c.run({ type: 'completeVisit', actor: housing, input: { visitId: (scheduled!.data as { visitId: string }).visitId, findings: 'f' } });
  c.advance(resolveAfter - HOUR).run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } });
  c.run({ type: 'feedback', actor: street, input: { rating } });
  return c;
}

const T0 = Date.parse('2026-10-05T02:00:00Z');
const cases: CaseHarness[] = [];

describe('the case metrics projection', () => {
  beforeAll(async () => {
    cases.push(handled('m-satisfied', T0, 'satisfied', 30 * HOUR));
    cases.push(handled('m-basically', T0 + DAY, 'basically_satisfied', 10 * HOUR));
    cases.push(handled('m-reopened', T0 + 2 * DAY, 'unsatisfied', 50 * HOUR));
    const late = harness('m-late', T0 + 3 * DAY);
    late.classifyAndRoute();
    late.advance(3 * HOUR).run({ type: 'tick' });
    late.run({ type: 'escalate', actor: supervisor, input: { reason: 'slow' } });
    cases.push(late);
    const waiting = harness('m-waiting', T0 + 3 * DAY, { location: { jurisdictionId: 'qinghua', address: 'Qinghua 1' } });
    cases.push(waiting);
    for (const c of cases) await store(c);
  });

  const reference = (groupBy: GroupBy, now: number, from = 0, to = Infinity, within: ReadonlySet<string> | null = null) => {
    const facts = cases
      .map((c) => caseFacts(c.state.caseId, c.events, now))
      .filter((f) => f.receivedAt >= from && f.receivedAt < to && (within === null || within.has(f.jurisdictionId)));
    const keyOf = (f: CaseFacts) =>
      groupBy === 'department' ? f.departmentId : groupBy === 'street' ? streetOf(directory, f.jurisdictionId) : new Date(f.receivedAt + 8 * HOUR).toISOString().slice(0, 10);
    const groups = new Map<string | null, CaseFacts[]>();
    for (const f of facts) groups.set(keyOf(f), [...(groups.get(keyOf(f)) ?? []), f]);
    return { total: summarize(facts), groups: new Map([...groups].map(([k, fs]) => [k, summarize(fs)])) };
  };

  /** The summary over [from, to), city-wide (stored days and edges) and scoped to the city's supervisor, equals the fold. */
  const expectFold = async (from: number, to: number, who: Parameters<typeof metricsSummary>[2] = admin, within: ReadonlySet<string> | null = null) => {
    for (const groupBy of ['department', 'street', 'day'] as const) {
      for (const now of [T0 + 4 * DAY, T0 + 60 * DAY]) {
        const got = await metricsSummary(db.db, directory, who, { groupBy, from: new Date(from), to: new Date(to), now: new Date(now) });
        const want = reference(groupBy, now, from, to, within);
        expect(got.total, `${groupBy} total`).toEqual(want.total);
        expect(new Map(got.groups.map(({ key, name: _name, ...s }) => [key, s])), groupBy).toEqual(want.groups);
      }
    }
  };
  const dailyRows = () => db.db.selectFrom('case_metrics_daily').selectAll().orderBy(['dimension', 'day', 'key']).execute();

  it('projects every event, then the summary per department, street and day equals the fold of the events', async () => {
    expect(await projectUntilCaughtUp(db.db, projection)).toBe(cases.reduce((n, c) => n + c.events.length, 0));
    await expectFold(T0 - DAY, T0 + 10 * DAY);
  });

  it('takes whole city days from the stored days and the hours around them from the cases', async () => {
    // 2026-10-06 11:00 to 2026-10-08 11:00 in the city: one whole day stored (07), two partial ones.
    const from = T0 + DAY + HOUR;
    const to = T0 + 3 * DAY + HOUR;
    const stored = await db.db.selectFrom('case_metrics_daily').select(sql<string>`day::text`.as('day')).where('dimension', '=', 'department').execute();
    expect(new Set(stored.map((r) => r.day))).toEqual(new Set(['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08']));
    await expectFold(from, to);
    // A period within one day has no whole day: all from the cases.
    await expectFold(T0 + 3 * DAY - HOUR, T0 + 3 * DAY + HOUR);
    // A supervisor whose scope is the whole city reads the stored days too; one of a district
    // reads its streets' stored days by street and by day, and the cases by department.
    await expectFold(from, to, { sub: 's', role: 'supervisor', org: 'changde' });
    await expectFold(T0 - DAY, T0 + 10 * DAY, { sub: 's', role: 'supervisor', org: 'lixian' }, new Set(jurisdictionsWithin(directory, 'lixian')));
    await expectFold(from, to, { sub: 's', role: 'supervisor', org: 'lixian' }, new Set(jurisdictionsWithin(directory, 'lixian')));
    await expectFold(from, to, { sub: 's', role: 'supervisor', org: 'wuling' }, new Set(jurisdictionsWithin(directory, 'wuling')));
  });

  it('equals the hand-computed figures', async () => {
    const { total, groups } = await metricsSummary(db.db, directory, admin, { groupBy: 'department', from: new Date(T0 - DAY), to: new Date(T0 + 10 * DAY), now: new Date(T0 + 60 * DAY) });
    expect(total).toMatchObject({ received: 5, accepted: 3, acceptedOnTime: 3, contacted: 3, resolved: 3, resolvedOnTime: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, reopened: 1, overdue: 1, visits: 3, escalationsByLevel: { 1: 1, 2: 1 } });
    // The reopened case is open again, as are the late and the waiting one: all past the backlog limit at +60 days.
    expect(total.backlog).toBe(3);
    expect(total.rates).toMatchObject({ response: 0.6, resolution: 0.6, satisfaction: 0.6667, reopen: 0.3333 });
    expect(total.timeToResolveMs).toEqual({ median: 30 * HOUR, p90: 50 * HOUR });
    expect(groups.map((g) => [g.key, g.received])).toEqual([['lixian-housing', 4], [null, 1]]);
  });

  it('counts a period by the day a case was received, in the city\'s time zone', async () => {
    const day = await metricsSummary(db.db, directory, admin, { groupBy: 'day', from: new Date(T0 - DAY), to: new Date(T0 + 10 * DAY), now: new Date(T0) });
    expect(day.groups.map((g) => [g.key, g.received])).toEqual([['2026-10-05', 1], ['2026-10-06', 1], ['2026-10-07', 1], ['2026-10-08', 2]]);
    const oneDay = await metricsSummary(db.db, directory, admin, { groupBy: 'department', from: new Date(T0 + DAY), to: new Date(T0 + 2 * DAY), now: new Date(T0) });
    expect(oneDay.total.received).toBe(1);
  });

  it('restricts a supervisor to the jurisdiction and everything below it', async () => {
    const period = { groupBy: 'street' as const, from: new Date(T0 - DAY), to: new Date(T0 + 10 * DAY), now: new Date(T0) };
    const wuling = await metricsSummary(db.db, directory, { sub: 's', role: 'supervisor', org: 'wuling' }, period);
    expect(wuling.groups.map((g) => [g.key, g.received])).toEqual([['furong', 1]]);
    const community = await metricsSummary(db.db, directory, { sub: 's', role: 'supervisor', org: 'xihu' }, period);
    expect(community.total.received).toBe(4);
  });

  it('follows later events of a case: a refold replaces its row', async () => {
    const c = cases.find((x) => x.state.caseId === 'm-waiting')!;
    const before = c.events.length;
    c.classifyAndRoute('lixian-urban-management');
    await store(c, before);
    await projectUntilCaughtUp(db.db, projection);
    const row = await db.db.selectFrom('case_metrics').selectAll().where('case_id', '=', 'm-waiting').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ department_id: 'lixian-urban-management', version: c.events.length });
    expect(await projectionLag(db.db, CASE_METRICS, new Date())).toEqual({ eventsBehind: 0, lagSeconds: 0 });
    // The case left the "no department" day for its department's.
    const keys = await db.db.selectFrom('case_metrics_daily').select('key').where('dimension', '=', 'department').where('day', '=', '2026-10-08').orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['lixian-housing', 'lixian-urban-management']);
    await expectFold(T0 - DAY, T0 + 10 * DAY);
  });

  it('cuts the stored days again when the city\'s time zone changes, or when they were never built', async () => {
    const before = await dailyRows();
    expect(await ensureDays(db.db, directory.city.timeZone)).toBe(false);
    expect(await ensureDays(db.db, 'UTC')).toBe(true);
    // 02:00 UTC is 10:00 in the city: the same days either way, but recut all the same.
    expect(await db.db.selectFrom('case_metrics_daily_state').select('time_zone').executeTakeFirst()).toEqual({ time_zone: 'UTC' });
    // A database migrated with metrics already projected has no days: the projector builds them first.
    await sql`truncate case_metrics_daily, case_metrics_daily_state`.execute(db.db);
    expect((await projectBatch(db.db, projection, 1000)).ran).toBe(true);
    expect(await dailyRows()).toEqual(before);
  });

  it('a rebuild from zero equals the incrementally built projection, and the checkpoint is where the log ends', async () => {
    const rows = () => db.db.selectFrom('case_metrics').selectAll().orderBy('case_id').execute();
    const incremental = await rows();
    const incrementalDays = await dailyRows();
    const progress: number[] = [];
    const result = await rebuildCaseMetrics(db.db, directory, (n) => progress.push(n), 2);
    expect(result.cases).toBe(cases.length);
    expect(progress).toEqual([2, 4, 5]);
    expect(await rows()).toEqual(incremental);
    expect(await dailyRows()).toEqual(incrementalDays);
    expect(incrementalDays.length).toBeGreaterThan(0);
    expect(await projectUntilCaughtUp(db.db, projection)).toBe(0);
    const last = await db.db.selectFrom('case_events').select(sql<string>`max(position)`.as('p')).executeTakeFirstOrThrow();
    expect(Number((await readCheckpoint(db.db, CASE_METRICS)).position)).toBe(Number(last.p));
  });

  it('an event appended after a rebuild is projected by the next batch', async () => {
    const c = handled('m-after-rebuild', T0 + 5 * DAY, 'satisfied', 5 * HOUR);
    await store(c);
    const batch = await projectBatch(db.db, projection, 1000);
    expect(batch.events.map((e) => e.caseId)).toEqual(c.events.map(() => 'm-after-rebuild'));
    const row = await db.db.selectFrom('case_metrics').select(['rating', 'resolve_ms']).where('case_id', '=', 'm-after-rebuild').executeTakeFirstOrThrow();
    expect(row).toEqual({ rating: 'satisfied', resolve_ms: 5 * HOUR });
    cases.push(c);
  });
});

// Concurrent transactions need two connections; PGlite has exactly one, so these run on PostgreSQL.
describe.runIf(inject('postgresAdminUrl') !== null)('the projector under concurrency (PostgreSQL)', () => {
  const event = (caseId: string): CaseEvent[] => harness(caseId, T0).events;

  it('never skips an event that a slower transaction commits after a later one was projected', async () => {
    await projectUntilCaughtUp(db.db, projection);
    const slow = await db.db.connection().execute(async (conn) => {
      // The slow append takes its position first, then waits before committing.
      const trx = conn.transaction().execute(async (t) => {
        await t.insertInto('case_events').values(rowsOf('c-slow', event('c-slow'))).execute();
        await new Promise((r) => setTimeout(r, 300));
      });
      await new Promise((r) => setTimeout(r, 50));
      await appendEvents(db.db, { caseId: 'c-fast', expectedVersion: 0, events: event('c-fast') });
      // While the slow one is open, the fast event lies beyond the safe horizon: nothing is read.
      const during = await projectBatch(db.db, projection, 1000);
      await trx;
      return during;
    });
    expect(slow.events).toEqual([]);
    const after = await projectBatch(db.db, projection, 1000);
    expect(new Set(after.events.map((e) => e.caseId))).toEqual(new Set(['c-slow', 'c-fast']));
  });

  it('is not held back by a long transaction in another database on the same server', async () => {
    const other = new pg.Client({ connectionString: inject('postgresAdminUrl')! });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_current_xact_id()'); // takes a transaction id and keeps it
      await appendEvents(db.db, { caseId: 'c-beside-long-tx', expectedVersion: 0, events: event('c-beside-long-tx') });
      expect((await projectUntilCaughtUp(db.db, projection))).toBeGreaterThan(0);
      expect(await db.db.selectFrom('case_metrics').select('case_id').where('case_id', '=', 'c-beside-long-tx').executeTakeFirst()).toBeDefined();
    } finally {
      await other.query('rollback');
      await other.end();
    }
  });

  it('runs one instance at a time: a second projector finds the lock taken and reads nothing', async () => {
    await appendEvents(db.db, { caseId: 'c-locked', expectedVersion: 0, events: event('c-locked') });
    const holder = db.db.transaction().execute(async (t) => {
      await sql`select pg_advisory_xact_lock(${(await import('../../store/projections/projector')).lockKeyOf(CASE_METRICS)})`.execute(t);
      await new Promise((r) => setTimeout(r, 200));
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await projectBatch(db.db, projection, 1000)).toEqual({ ran: false, events: [] });
    await holder;
    expect((await projectBatch(db.db, projection, 1000)).events.map((e) => e.caseId)).toContain('c-locked');
  });
});

function rowsOf(caseId: string, events: CaseEvent[]) {
  return events.map((e, i) => ({ case_id: caseId, seq: i + 1, event_id: e.eventId, type: e.type, data: JSON.stringify(e.data), actor: JSON.stringify(e.actor), occurred_at: new Date(e.at) }));
}
