import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../worker/logger';
import { demoDatabaseId, runDemo } from '../../worker/demo';
import { startTestEngine, type TestEngine } from '../support/test-engine';

/**
 * `npm start` with TEMPORAL_ADDRESS on a server that outlives the database (issue 18, item 6):
 * the first run's demo workflows stay on the server, some closed. A fresh database must get its
 * own demo cases rather than collide with them (it crashed with "the case is closed"), and a
 * restart on the same database must find its cases again rather than submit new ones.
 */
describe('the demo on a Temporal server that keeps an earlier run', () => {
  const log = logger.child({ test: 'demo' }, { level: 'warn' });
  let first: TestEngine;
  let second: TestEngine;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestEngine(), startTestEngine()]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('runs on a fresh database after a first run, and finds its own cases again on a restart', async () => {
    const firstRun = await runDemo(first.service, first.db, log);
    expect(firstRun).toHaveLength(3);
    expect(firstRun[0]!.status).toBe('closed');

    // A fresh database, the same server: new cases, run through the loop again.
    const secondRun = await runDemo(second.service, second.db, log);
    expect(secondRun.map((c) => c.status)).toEqual(firstRun.map((c) => c.status));
    for (const c of secondRun) expect(firstRun.map((f) => f.caseId)).not.toContain(c.caseId);
    expect(await demoDatabaseId(first.db)).not.toBe(await demoDatabaseId(second.db));

    // A restart on the first database: the same cases, nothing submitted again.
    const restarted = await runDemo(first.service, first.db, log);
    expect(restarted.map((c) => c.caseId)).toEqual(firstRun.map((c) => c.caseId));
    expect(restarted.map((c) => c.status)).toEqual(firstRun.map((c) => c.status));
    const reported = await first.db.selectFrom('case_events').select('case_id').where('type', '=', 'case_reported').execute();
    expect(reported).toHaveLength(3);
  }, 120_000);
});
