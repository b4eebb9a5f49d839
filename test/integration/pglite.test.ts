import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, sewerReport, street } from '../support/actors';
import { eventTypes, startTestEngine, type TestEngine } from '../support/test-engine';

describe('the embedded PGlite database', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ database: 'pglite' });
  });
  afterAll(() => engine?.close());

  it('carries the happy path like PostgreSQL does', async () => {
    const housing = department('lixian-housing');
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', housing, {});
    await engine.service.act(c.caseId, 'contact', housing, { note: 'called' });
    const v = await engine.service.act(c.caseId, 'scheduleVisit', housing, { scheduledFor: '2026-11-23T10:00:00+08:00', cadres: ['Liu Wei'] });
    await engine.service.act(c.caseId, 'completeVisit', housing, { visitId: v.visits[0]!.id, findings: 'pipe collapsed' });
    await engine.service.act(c.caseId, 'resolve', housing, { summary: 'replaced', outcome: 'resolved' });
    const closed = await engine.service.act(c.caseId, 'feedback', street, { rating: 'satisfied' });
    expect(closed.status).toBe('closed');
    expect(await eventTypes(engine, c.caseId)).toEqual([
      'case_reported', 'case_classified', 'case_assigned', 'assignment_accepted', 'resident_contacted',
      'visit_scheduled', 'visit_completed', 'case_resolved', 'feedback_received', 'case_closed',
    ]);
    expect((await engine.service.get(c.caseId))?.outcome).toBe('satisfied');
  });
});
