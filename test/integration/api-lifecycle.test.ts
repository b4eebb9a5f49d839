import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAPPY_PATH_EVENTS, sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('the whole loop over HTTP, as the three roles', () => {
  it('report → route → accept → contact → visit → resolve → feedback → close, with events and reads fresh after each step', async () => {
    const submitted = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': 'loop-1' } });
    expect(submitted.status).toBe(201);
    const c = submitted.json;
    expect(c).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing', categoryId: 'drainage.sewer', location: { jurisdictionId: 'xihu' } });
    expect(c.reporter).toEqual(sewerReport.reporter);
    expect(c.deadlines.map((d: { step: string }) => d.step)).toEqual(['accept']);

    const tasks = await api.get('/v1/tasks', { as: 'housing' });
    expect(tasks.status).toBe(200);
    expect(tasks.json.items.map((t: { id: string }) => t.id)).toContain(c.id);

    const accepted = await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.status).toBe('accepted');
    expect((await api.get(`/v1/cases/${c.id}`, { as: 'supervisor' })).json.status).toBe('accepted');

    expect((await api.post(`/v1/cases/${c.id}/contact`, { as: 'housing', body: { note: 'called Ms Zhang' } })).json.contacted).toBe(true);
    const scheduled = await api.post(`/v1/cases/${c.id}/visits`, { as: 'housing', body: { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: ['Liu Wei'] } });
    expect(scheduled.status).toBe(200);
    expect(scheduled.json.status).toBe('visit_scheduled');
    const visitId = scheduled.json.visitId;
    expect(scheduled.json.visits).toEqual([expect.objectContaining({ id: visitId, cadres: ['Liu Wei'], findings: null })]);

    const visited = await api.post(`/v1/cases/${c.id}/visits/${visitId}/complete`, { as: 'housing', body: { findings: 'collapsed pipe section' } });
    expect(visited.json.visits[0].findings).toBe('collapsed pipe section');
    const resolved = await api.post(`/v1/cases/${c.id}/resolve`, { as: 'housing', body: { summary: 'pipe replaced', outcome: 'resolved' } });
    expect(resolved.json.status).toBe('resolved');
    expect((await api.get('/v1/tasks', { as: 'housing' })).json.items.map((t: { id: string }) => t.id)).not.toContain(c.id);

    const closed = await api.post(`/v1/cases/${c.id}/feedback`, { as: 'street', body: { rating: 'satisfied', comment: 'fixed in two days' } });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'closed', outcome: 'satisfied' });

    const found = await api.get('/v1/cases', { as: 'supervisor', query: { status: 'closed' } });
    expect(found.json.items.map((i: { id: string }) => i.id)).toContain(c.id);
    const supervisorView = await api.get(`/v1/cases/${c.id}`, { as: 'supervisor' });
    expect(supervisorView.json.reporter).toBeUndefined();

    const events = await api.get(`/v1/cases/${c.id}/events`, { as: 'supervisor' });
    expect(events.json.items.map((e: { type: string }) => e.type)).toEqual(HAPPY_PATH_EVENTS);
    expect(events.json.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.json.items[0].data.report.reporter).toEqual({ anonymous: false });
    expect(events.json.items[3].actor).toEqual({ sub: 'liu.housing', role: 'department', org: 'lixian-housing' });

    const late = await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    expect(late.status).toBe(409);
    expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(late.json).toMatchObject({ status: 409, caseStatus: 'closed' });
  });

  it('a case the classifier cannot place waits for a supervisor, who dispatches it', async () => {
    const submitted = await api.post('/v1/cases', { as: 'street', body: { description: 'please come and look at the situation', location: { jurisdictionId: 'liyang' } } });
    expect(submitted.json.status).toBe('awaiting_dispatch');
    const waiting = await api.get('/v1/cases', { as: 'supervisor', query: { status: 'awaiting_dispatch' } });
    expect(waiting.json.items.map((i: { id: string }) => i.id)).toContain(submitted.json.id);
    const dispatched = await api.post(`/v1/cases/${submitted.json.id}/dispatch`, { as: 'supervisor', body: { categoryId: 'noise', departmentId: 'lixian-urban-management' } });
    expect(dispatched.status).toBe(200);
    expect(dispatched.json).toMatchObject({ status: 'assigned', categoryId: 'noise', departmentId: 'lixian-urban-management' });
  });
});

describe('allowed actions over HTTP', () => {
  it('lists for each caller what it may do now, and a refusal says what it may do instead', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    expect(c.allowedActions).toEqual(['withdraw', 'addAttachment']);
    expect((await api.get(`/v1/cases/${c.id}`, { as: 'housing' })).json.allowedActions).toEqual(['accept', 'return', 'pause']);
    expect((await api.get(`/v1/cases/${c.id}`, { as: 'supervisor' })).json.allowedActions).toEqual(['escalate', 'reassign', 'extend', 'package', 'close', 'withdraw', 'addAttachment']);

    const early = await api.post(`/v1/cases/${c.id}/contact`, { as: 'housing', body: { note: 'called' } });
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ code: 'invalid_state', caseStatus: 'assigned', allowedActions: ['accept', 'return', 'pause'] });

    const accepted = await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    expect(accepted.json.allowedActions).toEqual(['contact', 'scheduleVisit', 'pause', 'addAttachment']);
  });
});

describe('a retried visit', () => {
  it('answers with the visit it scheduled, also when the first answer was never stored', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    const body = { scheduledFor: '2026-11-23T09:00:00+08:00', cadres: ['Liu Wei'] };
    const headers = { 'idempotency-key': 'visit-retry' };
    const first = await api.post(`/v1/cases/${c.id}/visits`, { as: 'housing', body, headers });
    expect(first.json.visitId).toEqual(expect.any(String));
    // As when the API died after the Update and before it stored its answer (npm run chaos found it).
    await api.engine.db.deleteFrom('idempotency_keys').where('key', '=', 'visit-retry').execute();
    const retried = await api.post(`/v1/cases/${c.id}/visits`, { as: 'housing', body, headers });
    expect(retried.status).toBe(200);
    expect(retried.json.visitId).toBe(first.json.visitId);
    expect(retried.json.visits).toHaveLength(1);
  });
});
