// The API must outlive its database connections: a PostgreSQL restart or crash drops every one,
// and a `pg` client that hears of it with no listener takes the process down. Here the server
// drops them (pg_terminate_backend) again and again under load, while the API and its metrics
// projector run in this process: an unheard 'error' would be an uncaught exception and fail it.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { eventually } from '../support/test-engine';
import { startTestApi, type TestApi } from '../support/test-api';

describe.runIf(inject('postgresAdminUrl') !== null)('the API when the database drops its connections (PostgreSQL)', () => {
  let api: TestApi;
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    api = await startTestApi({ api: { projector: true, rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
    admin = new pg.Client({ connectionString: inject('postgresAdminUrl')! });
    await admin.connect();
    database = (await sql<{ name: string }>`select current_database() as name`.execute(api.engine.db)).rows[0]!.name;
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await api?.close();
  });

  const terminateAll = async () =>
    (await admin.query<{ n: number }>('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])).rows[0]!.n;

  it('answers 503 or succeeds while connections are killed, never 500, and recovers without a restart', async () => {
    let stop = false;
    let killed = 0;
    const killer = (async () => {
      while (!stop) {
        killed += await terminateAll();
        // Often enough that requests meet dropped connections, not so often that nothing else runs on a busy machine.
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const statuses: number[] = [];
    // Clients as the console and integrations behave: a retry carries the same Idempotency-Key.
    await Promise.all(
      Array.from({ length: 6 }, async (_, client) => {
        for (let i = 0; i < 4; i++) {
          const key = `lost-connections-${client}-${i}`;
          for (let attempt = 0; attempt < 200; attempt++) {
            const res = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': key } });
            statuses.push(res.status);
            if (res.status === 201) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          statuses.push((await api.get('/v1/cases', { as: 'supervisor', query: { limit: '5' } })).status);
        }
      }),
    );
    stop = true;
    await killer;

    expect(killed).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses).toContain(201);
    // Recovered: ready, and every submission made exactly one case.
    expect((await api.get('/readyz')).status).toBe(200);
    const cases = await api.engine.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(cases.n)).toBe(24);
    const submitted = await api.post('/v1/cases', { as: 'street', body: sewerReport });
    expect(submitted.status).toBe(201);
  }, 240_000);

  it('keeps the metrics projector following the log after its connections were killed', async () => {
    await terminateAll();
    // The first request may meet a pooled connection that is gone (503): a client retries with its key.
    const res = await eventually(async () => {
      const r = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': 'after-the-kill' } });
      expect([201, 503]).toContain(r.status);
      return r.status === 201 && r;
    });
    expect(res.status).toBe(201);
    const total = await api.engine.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await eventually(async () => {
      const row = await api.engine.db.selectFrom('projections').select('events_projected').where('name', '=', 'case_metrics').executeTakeFirst();
      return row !== undefined && Number(row.events_projected) >= Number(total.n);
    });
  }, 60_000);
});
