import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, sewerReport, street } from '../support/actors';
import { eventTypes, startTestEngine, type TestEngine } from '../support/test-engine';

describe('a worker stopped mid-case', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('is replaced by a new one that finishes the case from its history', async () => {
    const housing = department('lixian-housing');
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', housing, {});
    await engine.service.act(c.caseId, 'contact', housing, { note: 'called' });

    await engine.stopWorker();
    await engine.startWorker();

    await engine.service.act(c.caseId, 'resolve', housing, { summary: 'fixed', outcome: 'resolved' });
    const closed = await engine.service.act(c.caseId, 'feedback', street, { rating: 'basically_satisfied' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'basically_satisfied' });
    expect(await eventTypes(engine, c.caseId)).toEqual([
      'case_reported', 'case_classified', 'case_assigned', 'assignment_accepted', 'resident_contacted',
      'case_resolved', 'feedback_received', 'case_closed',
    ]);
  });
});
