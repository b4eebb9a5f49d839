import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, HAPPY_PATH_EVENTS, sewerReport, street } from '../support/actors';
import { startTestEngine, type TestEngine } from '../support/test-engine';

describe('a case through the whole closed loop', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('is reported, classified, routed, accepted, contacted, visited, resolved, rated and closed, each step stored once in order', async () => {
    const { service } = engine;
    const housing = department('lixian-housing');
    const submitted = await service.submit(sewerReport, street, 'happy-1');
    expect(submitted.status).toBe('assigned');
    expect(submitted.categoryId).toBe('drainage.sewer');
    expect(submitted.departmentId).toBe('lixian-housing');
    const caseId = submitted.caseId;

    // The read model is written in the append transaction, before the update returns.
    expect((await service.get(caseId))?.status).toBe('assigned');

    await service.act(caseId, 'accept', housing, {});
    await service.act(caseId, 'contact', housing, { note: 'Called Mr Zhang, visit agreed for tomorrow morning' });
    const scheduled = await service.act(caseId, 'scheduleVisit', housing, { scheduledFor: '2026-11-22T09:00:00+08:00', cadres: ['Liu Wei', 'Chen Jing'] });
    expect(scheduled.status).toBe('visit_scheduled');
    const visitId = scheduled.visits[0]!.id;
    await service.act(caseId, 'completeVisit', housing, { visitId, findings: 'Collapsed pipe section under building 3; rain and sewage mixed' });
    const resolved = await service.act(caseId, 'resolve', housing, { summary: 'Pipe replaced and separated from the rain drain', outcome: 'resolved' });
    expect(resolved.status).toBe('resolved');
    const closed = await service.act(caseId, 'feedback', street, { rating: 'satisfied', comment: 'Fixed in two days' });
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('satisfied');

    const events = await service.events(caseId);
    expect(events.map((e) => e.event.type)).toEqual(HAPPY_PATH_EVENTS);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.event.eventId)).size).toBe(events.length);
    expect(events[2]!.event.data).toMatchObject({ departmentId: 'lixian-housing', rule: 'drainage@changde', by: 'routing' });

    const row = await engine.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', outcome: 'satisfied', version: 10, department_id: 'lixian-housing', overdue: false });

    // The workflow finished with the same state the read model holds.
    const result = await engine.client.workflow.getHandle(caseId).result();
    expect(result).toEqual(row.state);
  });

  it('returns the same case when a submission is retried with the same Idempotency-Key', async () => {
    const first = await engine.service.submit(sewerReport, street, 'retry-key');
    const again = await engine.service.submit(sewerReport, street, 'retry-key');
    expect(again.caseId).toBe(first.caseId);
    const events = await engine.service.events(first.caseId);
    expect(events.filter((e) => e.event.type === 'case_reported')).toHaveLength(1);
  });

  it('answers the first response again, and opens nothing new, when a submission is retried after the case closed', async () => {
    const first = await engine.service.submit(sewerReport, street, 'closed-key');
    await engine.service.act(first.caseId, 'withdraw', street, { reason: 'Solved by the neighbours' });
    const handle = engine.client.workflow.getHandle(first.caseId);
    await handle.result();
    const runId = (await handle.describe()).runId;
    const again = await engine.service.submit(sewerReport, street, 'closed-key');
    expect(again).toEqual(first);
    const after = await handle.describe();
    expect({ runId: after.runId, status: after.status.name }).toEqual({ runId, status: 'COMPLETED' });
    expect((await engine.service.events(first.caseId)).map((e) => e.event.type)).toEqual([
      'case_reported', 'case_classified', 'case_assigned', 'case_withdrawn', 'case_closed',
    ]);
  });
});
