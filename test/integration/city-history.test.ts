import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { defaultCityModel, historyCases, type HistoryOptions } from '../../bench/city-history/city-history';
import { loadHistory } from '../../bench/city-history/load-history';
import { writeWithKysely } from '../../bench/city-history/write-history';
import { CaseEvent } from '../../schema/events';
import { rebuildCases } from '../../store/rebuild-cases';
import { createTestDatabase } from '../support/test-database';

// 300 cases over two months ending at a fixed instant: enough for every kind of history to
// occur, with the last fortnight's cases still open.
const history: HistoryOptions = { seed: 7, cases: 300, months: 2, now: Date.parse('2026-11-20T04:00:00Z') };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let schemaBefore: unknown;

/** Indexes and constraints as the migrations left them: the load must end with the same. */
async function schemaOf(): Promise<unknown> {
  const indexes = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename in ('case_events', 'cases') order by indexname`.execute(db.db);
  const constraints = await sql<{ conname: string; def: string }>`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid in ('case_events'::regclass, 'cases'::regclass) order by conname`.execute(db.db);
  return { indexes: indexes.rows, constraints: constraints.rows };
}

async function storedEvents(): Promise<Map<string, (CaseEvent & { seq: number })[]>> {
  const rows = await db.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute();
  const byCase = new Map<string, (CaseEvent & { seq: number })[]>();
  for (const r of rows) {
    const event = { eventId: r.event_id, type: r.type, at: r.occurred_at.getTime(), actor: r.actor, data: r.data, seq: r.seq } as CaseEvent & { seq: number };
    byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), event]);
  }
  return byCase;
}

beforeAll(async () => {
  db = await createTestDatabase();
  schemaBefore = await schemaOf();
  if (db.kind === 'postgres') {
    // The generator's own path: simulation in a worker thread, COPY, indexes dropped and rebuilt.
    const url = new URL(inject('postgresAdminUrl')!);
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db.db);
    url.pathname = `/${rows[0]!.name}`;
    await loadHistory({ url: url.toString(), history, workers: 1, connections: 2, batchSize: 64, deferIndexes: true, onProgress: () => {}, onPhase: () => {} });
  } else {
    const cases = [...historyCases(defaultCityModel(), history)];
    for (let i = 0; i < cases.length; i += 100) await writeWithKysely(db.db, cases.slice(i, i + 100));
  }
}, 120_000);
afterAll(() => db?.drop());

describe('a generated city history', () => {
  it('stores events that are all valid CaseEvents with v4 UUIDs', async () => {
    const events = [...(await storedEvents()).values()].flat();
    expect(events.length).toBeGreaterThan(300 * 8);
    const invalid = events.filter((e) => !CaseEvent.safeParse(e).success || !UUID_V4.test(e.eventId));
    expect(invalid).toEqual([]);
  });

  it('has a read model equal to the fold of the log', async () => {
    const report = await rebuildCases(db.db, { repair: false });
    expect(report.cases).toBe(300);
    expect(report.differing).toEqual([]);
    expect(report.orphaned).toEqual([]);
    expect(report.identical).toBe(300);
  });

  it('numbers each case 1..n without gaps, at instants that never go back', async () => {
    for (const [caseId, events] of await storedEvents()) {
      expect(events.map((e) => e.seq), caseId).toEqual(events.map((_, i) => i + 1));
      expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at), caseId).toBe(true);
      expect(events[0]!.type).toBe('case_reported');
    }
  });

  it('has a plausible mix: mostly closed, recent ones open, deadlines missed, escalations, returns, reopens', async () => {
    const statuses = await db.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
    const status = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
    expect(status.closed).toBeGreaterThan(150);
    expect(300 - status.closed!).toBeGreaterThan(5);
    const types = await db.db.selectFrom('case_events').select(['type', (eb) => eb.fn.count<string>('case_id').distinct().as('n')]).groupBy('type').execute();
    const casesWith = Object.fromEntries(types.map((t) => [t.type, Number(t.n)]));
    for (const type of ['deadline_missed', 'case_escalated', 'case_reopened', 'assignment_returned', 'deadline_warning', 'dispatch_requested', 'feedback_received']) {
      expect(casesWith[type] ?? 0, type).toBeGreaterThan(2);
    }
    // About one case in ten misses a deadline; a city where most do would be a poor benchmark.
    expect(casesWith.deadline_missed).toBeLessThan(90);
    const open = await db.db.selectFrom('cases').select('created_at').where('closed_at', 'is', null).execute();
    const fortnight = history.now - 14 * 24 * 3_600_000;
    expect(open.filter((c) => c.created_at.getTime() >= fortnight).length).toBeGreaterThan(open.length / 2);
  });

  it('gives the same events for the same seed, and other events for another', async () => {
    const stored = await storedEvents();
    const model = defaultCityModel();
    const again = [...historyCases(model, history)];
    expect(again.map((c) => c.caseId).sort()).toEqual([...stored.keys()].sort());
    for (const c of again) expect(stored.get(c.caseId)!.map(({ seq: _, ...e }) => e), c.caseId).toEqual(JSON.parse(JSON.stringify(c.events)));
    // Actions drawn ahead that no longer fit when due are skipped; they must stay exceptions.
    expect(again.reduce((n, c) => n + c.refused, 0)).toBeLessThan(again.length / 20);
    const other = [...historyCases(model, { ...history, seed: 8, cases: 5 })];
    expect(other.map((c) => c.caseId)).not.toEqual(again.slice(0, 5).map((c) => c.caseId));
  });

  it('leaves the indexes and constraints as the migrations define them', async () => {
    expect(await schemaOf()).toEqual(schemaBefore);
  });
});
