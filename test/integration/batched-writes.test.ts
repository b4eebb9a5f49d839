import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyCost } from '../../bench/history-cost';
import { workflowIdOf } from '../../workflows/definitions';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { eventTypes, startTestEngine, type TestEngine } from '../support/test-engine';

const housing = department('lixian-housing');

// Every local activity is another activation of the worker's single workflow thread; these
// counts are what the patch 'batched-writes' bought (BENCHMARKS.md, profile).
describe('batched writes', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  const localActivities = async (caseId: string) => (await historyCost(engine.client, workflowIdOf(caseId))).localActivities;

  it('takes a new case to its department with two local activities: the triage, then one append of all three events', async () => {
    const c = await engine.service.submit(sewerReport, street);
    expect(c).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing' });
    expect(await eventTypes(engine, c.caseId)).toEqual(['case_reported', 'case_classified', 'case_assigned']);
    expect(await localActivities(c.caseId)).toBe(2);
  });

  it('writes an action and its notification in one append, with the notification in the outbox when the caller hears', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', housing, {});
    const before = await localActivities(c.caseId);
    await engine.service.act(c.caseId, 'escalate', supervisor, { reason: 'the resident called three times' });
    expect(await localActivities(c.caseId)).toBe(before + 1);
    const outbox = await engine.db.selectFrom('outbox').select(['kind', 'recipient_id']).where('case_id', '=', c.caseId).orderBy('created_at').orderBy('recipient_id').execute();
    expect(outbox).toEqual([
      { kind: 'case_assigned', recipient_id: 'changde-municipal-works' },
      { kind: 'case_assigned', recipient_id: 'lixian-housing' },
      // The resident hears of the acceptance (addressed by the case; their phone is looked up at sending).
      { kind: 'assignment_accepted', recipient_id: c.caseId },
      { kind: 'case_escalated', recipient_id: 'xihu' },
    ]);
  });

  it('re-routes a returned case with its own route lookup, not the triage it was reported with', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const returned = await engine.service.act(c.caseId, 'return', housing, { reason: 'a municipal pipe' });
    expect(returned.departmentId).not.toBe('lixian-housing');
    expect(returned.status).toBe('assigned');
  });
});
