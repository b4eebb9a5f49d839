import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRejectedError } from '../../api/case-service';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { eventTypes, eventually, startTestEngine, type TestEngine } from '../support/test-engine';

const housing = department('lixian-housing');
const municipal = department('changde-municipal-works');

async function resolveCase(engine: TestEngine, caseId: string, dept = housing) {
  await engine.service.act(caseId, 'accept', dept, {});
  await engine.service.act(caseId, 'contact', dept, { note: 'called' });
  return engine.service.act(caseId, 'resolve', dept, { summary: 'fixed', outcome: 'resolved' });
}

describe('returns, re-routing, reopening and their limits', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ policy: { maxReturns: 1, maxReopens: 1 } });
  });
  afterAll(() => engine?.close());

  it('re-routes a returned case to another department, never back to the one that returned it', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const after = await engine.service.act(c.caseId, 'return', housing, { reason: 'Municipal pipe, not a housing matter' });
    expect(after.status).toBe('assigned');
    expect(after.departmentId).toBe('changde-municipal-works');
    expect(after.returnedBy).toEqual(['lixian-housing']);
    const events = await engine.service.events(c.caseId);
    expect(events.slice(-2).map((e) => e.event.type)).toEqual(['assignment_returned', 'case_assigned']);
    expect(events.at(-1)!.event.data).toMatchObject({ departmentId: 'changde-municipal-works', rule: 'drainage@changde' });
  });

  it('routes by the most specific rule, inherited down the jurisdiction tree, and records the rule', async () => {
    // Drainage in Qinghua (Furong street, Wuling district) follows the Wuling rule, not the city's.
    const wuling = await engine.service.submit({ ...sewerReport, location: { jurisdictionId: 'qinghua' } }, { sub: 'zhao.street', role: 'street', org: 'furong' });
    expect(wuling.departmentId).toBe('changde-municipal-works');
    expect((await engine.service.events(wuling.caseId)).find((e) => e.event.type === 'case_assigned')!.event.data).toMatchObject({ rule: 'drainage@wuling' });
    // Street lights anywhere in the city follow the sub-category's own rule.
    const light = await engine.service.submit({ description: '西湖社区3栋门口路灯坏了，晚上一片漆黑', location: { jurisdictionId: 'xihu-grid-1' } }, street);
    expect(light).toMatchObject({ categoryId: 'roads.lights', departmentId: 'changde-power' });
    expect((await engine.service.events(light.caseId)).find((e) => e.event.type === 'case_assigned')!.event.data).toMatchObject({ rule: 'roads.lights@changde' });
  });

  it('sends a case to a dispatcher once returned more than maxReturns times, and the dispatcher routes it', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'return', housing, { reason: 'not ours' });
    const waiting = await engine.service.act(c.caseId, 'return', municipal, { reason: 'not ours either' });
    expect(waiting.status).toBe('awaiting_dispatch');
    expect((await engine.service.events(c.caseId)).at(-1)!.event.data).toMatchObject({ reason: 'return_limit' });
    const dispatched = await engine.service.act(c.caseId, 'dispatch', supervisor, { categoryId: 'drainage', departmentId: 'lixian-urban-management' });
    expect(dispatched).toMatchObject({ status: 'assigned', departmentId: 'lixian-urban-management', categoryId: 'drainage' });
  });

  it('reopens on unsatisfied feedback to the same department, and after maxReopens goes to a supervisor', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await resolveCase(engine, c.caseId);
    const reopened = await engine.service.act(c.caseId, 'feedback', street, { rating: 'unsatisfied', comment: 'Still smells' });
    expect(reopened).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing', reopenCount: 1 });
    await resolveCase(engine, c.caseId);
    const escalated = await engine.service.act(c.caseId, 'feedback', street, { rating: 'unsatisfied' });
    expect(escalated).toMatchObject({ status: 'awaiting_dispatch', reopenCount: 2 });
    expect((await eventTypes(engine, c.caseId)).slice(-3)).toEqual(['feedback_received', 'case_reopened', 'dispatch_requested']);
    const closed = await engine.service.act(c.caseId, 'close', supervisor, { reason: 'Beyond current policy; explained to the resident in person' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'closed_by_supervisor' });
  });

  it('asks a dispatcher when the classifier is unsure, with its suggestions', async () => {
    const c = await engine.service.submit({ ...sewerReport, title: undefined, description: 'Something is wrong near the gate, please come and look' }, street);
    expect(c.status).toBe('awaiting_dispatch');
    expect(await eventTypes(engine, c.caseId)).toEqual(['case_reported', 'dispatch_requested']);
    const outbox = await eventually(async () => {
      const rows = await engine.db.selectFrom('outbox').selectAll().where('case_id', '=', c.caseId).execute();
      return rows.length > 0 && rows;
    });
    expect(outbox).toMatchObject([{ kind: 'dispatch_requested', recipient_kind: 'supervisors', recipient_id: 'lixian' }]);
  });
});

describe('actions that do not fit', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  const rejected = async (p: Promise<unknown>, code: string, status: string) => {
    const error = await p.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRejectedError);
    expect(error).toMatchObject({ code, status });
  };

  it('are rejected, naming the current status, and record nothing', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const before = await eventTypes(engine, c.caseId);
    await rejected(engine.service.act(c.caseId, 'accept', municipal, {}), 'forbidden', 'assigned');
    await rejected(engine.service.act(c.caseId, 'resolve', housing, { summary: 'x', outcome: 'resolved' }), 'invalid_state', 'assigned');
    await rejected(engine.service.act(c.caseId, 'feedback', street, { rating: 'satisfied' }), 'invalid_state', 'assigned');
    await rejected(engine.service.act(c.caseId, 'dispatch', housing, { categoryId: 'water', departmentId: 'changde-water' }), 'forbidden', 'assigned');
    await engine.service.act(c.caseId, 'accept', housing, {});
    await rejected(engine.service.act(c.caseId, 'accept', housing, {}), 'invalid_state', 'accepted');
    await rejected(engine.service.act(c.caseId, 'resolve', housing, { summary: 'x', outcome: 'resolved' }), 'invalid_state', 'accepted');
    await rejected(engine.service.act(c.caseId, 'contact', housing, { note: '' } as never), 'invalid_input', 'accepted');
    expect(await eventTypes(engine, c.caseId)).toEqual([...before, 'assignment_accepted']);
  });

  it('lets a supervisor escalate, package, extend and reassign, and a street committee withdraw', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'escalate', supervisor, { reason: 'Third complaint this month' });
    await engine.service.act(c.caseId, 'package', supervisor, { leader: 'Deputy county head Zhou' });
    const extended = await engine.service.act(c.caseId, 'extend', supervisor, { step: 'accept', by: 'PT1H', reason: 'Holiday rota' });
    expect(extended.steps.accept!.extendedMs).toBe(3_600_000);
    const reassigned = await engine.service.act(c.caseId, 'reassign', supervisor, { departmentId: 'changde-municipal-works' });
    expect(reassigned).toMatchObject({ departmentId: 'changde-municipal-works', escalationLevel: 1, leader: 'Deputy county head Zhou' });
    const withdrawn = await engine.service.act(c.caseId, 'withdraw', street, { reason: 'Resident fixed it himself' });
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    expect((await eventTypes(engine, c.caseId)).slice(3)).toEqual([
      'case_escalated',
      'leader_assigned',
      'deadline_extended',
      'case_assigned',
      'case_withdrawn',
      'case_closed',
    ]);
    await rejected(engine.service.act(c.caseId, 'accept', department('changde-municipal-works'), {}), 'closed', 'closed');
  });
});
