import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseReport } from '../../schema/commands';
import { SYSTEM_ACTOR } from '../../schema/actor';
import type { CaseEvent } from '../../schema/events';
import { appendEvents } from '../../store/append-events';
import { ConcurrencyError } from '../../store/errors';
import { rebuildCases } from '../../store/rebuild-cases';
import { department, sewerReport, street } from '../support/actors';
import { startTestEngine, type TestEngine } from '../support/test-engine';
import { policyWith } from '../unit/fixtures';

const reported = (caseId: string, eventId: string): CaseEvent => ({
  eventId,
  type: 'case_reported',
  at: Date.parse('2026-11-21T08:00:00Z'),
  actor: SYSTEM_ACTOR,
  data: { report: CaseReport.parse(sewerReport), policy: policyWith() },
});

describe('the event store on a real database', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('appends idempotently by event id and guards the expected version', async () => {
    const event = reported('store-1', '00000000-0000-4000-8000-000000000001');
    expect(await appendEvents(engine.db, { caseId: 'store-1', expectedVersion: 0, events: [event] })).toEqual({ version: 1, alreadyStored: false });
    expect(await appendEvents(engine.db, { caseId: 'store-1', expectedVersion: 0, events: [event] })).toEqual({ version: 1, alreadyStored: true });
    const other = reported('store-1', '00000000-0000-4000-8000-000000000002');
    await expect(appendEvents(engine.db, { caseId: 'store-1', expectedVersion: 0, events: [other] })).rejects.toBeInstanceOf(ConcurrencyError);
    const count = await engine.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', 'store-1').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('lets exactly one of two racing first appends win', async () => {
    const results = await Promise.allSettled([
      appendEvents(engine.db, { caseId: 'store-2', expectedVersion: 0, events: [reported('store-2', '00000000-0000-4000-8000-000000000003')] }),
      appendEvents(engine.db, { caseId: 'store-2', expectedVersion: 0, events: [reported('store-2', '00000000-0000-4000-8000-000000000004')] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrencyError) });
  });

  it('refuses to update or delete an event', async () => {
    await expect(sql`update case_events set type = 'x' where case_id = 'store-1'`.execute(engine.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from case_events where case_id = 'store-1'`.execute(engine.db)).rejects.toThrow(/append-only/);
  });

  it('rebuilds the cases read model from the log and proves it identical, repairing a tampered row', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', department('lixian-housing'), {});
    const clean = await rebuildCases(engine.db, { repair: false });
    expect(clean.differing).toEqual([]);
    expect(clean.identical).toBe(clean.cases);
    expect(clean.cases).toBeGreaterThanOrEqual(3);

    await engine.db.updateTable('cases').set({ status: 'closed', overdue: true }).where('id', '=', c.caseId).execute();
    await engine.db.insertInto('cases').values({ ...(await engine.db.selectFrom('cases').selectAll().where('id', '=', c.caseId).executeTakeFirstOrThrow()), id: 'ghost', state: '{}' }).execute();
    const repaired = await rebuildCases(engine.db, { repair: true });
    expect(repaired.differing).toEqual([c.caseId]);
    expect(repaired.orphaned).toEqual(['ghost']);
    expect(await rebuildCases(engine.db, { repair: false })).toMatchObject({ differing: [], orphaned: [] });
    expect((await engine.service.get(c.caseId))?.status).toBe('accepted');
  });
});
