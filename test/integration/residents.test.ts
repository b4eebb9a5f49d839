// A resident follows their own case by its tracking code, from submission to their own rating,
// without an account and without seeing anything personal or internal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKING_CODE } from '../../store/case-numbers';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ api: { publicRateLimit: { max: 40, timeWindowMs: 60_000 } } });
}, 120_000);
afterAll(() => api?.close());

const lookup = (code: string, lang?: string) => api.get(`/public/v1/cases/${code}`, lang ? { query: { lang } } : {});

describe('a resident with a tracking code', () => {
  it('follows the case from submission to their own rating', async () => {
    const submitted = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': 'resident-1' } });
    const code = submitted.json.trackingCode as string;
    expect(code).toMatch(TRACKING_CODE);
    const again = await api.post('/v1/cases', { as: 'street', body: sewerReport, headers: { 'idempotency-key': 'resident-1' } });
    expect(again.json.trackingCode).toBe(code);

    const first = await lookup(code);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ number: submitted.json.number, status: 'assigned', statusText: '已派单', canRate: false });
    expect(first.json.department).toMatch(/住房/);
    expect(first.json.nextStep).toMatch(/^下一步/);
    // Nothing personal, nothing internal: no reporter, no classification evidence, no rule.
    const text = JSON.stringify(first.json);
    for (const secret of [sewerReport.reporter.name, sewerReport.reporter.phone, 'drainage@changde', 'classified']) expect(text).not.toContain(secret);
    // Typed as a resident may: lower case, no dashes.
    expect((await lookup(code.toLowerCase().replaceAll('-', ''), 'en')).json).toMatchObject({ statusText: 'assigned' });

    const id = submitted.json.id as string;
    await api.post(`/v1/cases/${id}/accept`, { as: 'housing' });
    await api.post(`/v1/cases/${id}/contact`, { as: 'housing', body: { note: 'called Ms Zhang about the drain' } });
    await api.post(`/v1/cases/${id}/resolve`, { as: 'housing', body: { summary: 'drain cleared by the crew of Wang Gang', outcome: 'resolved' } });
    const resolved = await lookup(code, 'en');
    expect(resolved.json).toMatchObject({ status: 'resolved', canRate: true });
    expect(resolved.json.timeline.map((e: { what: string }) => e.what)).toEqual(['reported', 'assigned', 'accepted', 'resident contacted', 'resolved']);
    expect(JSON.stringify(resolved.json)).not.toMatch(/Wang Gang|Ms Zhang/);

    const rated = await api.post(`/public/v1/cases/${code}/feedback`, { body: { rating: 'satisfied', comment: 'quick work' } });
    expect(rated.status).toBe(200);
    expect(rated.json).toMatchObject({ status: 'closed', canRate: false });
    const feedback = (await api.engine.service.events(id)).find((e) => e.event.type === 'feedback_received')!;
    expect(feedback.event.actor).toMatchObject({ role: 'resident' });
    // Once: the case is closed now.
    const twice = await api.post(`/public/v1/cases/${code}/feedback`, { body: { rating: 'unsatisfied' } });
    expect(twice.status).toBe(409);
  });

  it('cannot rate before the case is resolved', async () => {
    const code = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json.trackingCode;
    const early = await api.post(`/public/v1/cases/${code}/feedback`, { body: { rating: 'satisfied' } });
    expect(early.status).toBe(409);
  });

  it('gets 404 for a code that does not exist, whatever its shape', async () => {
    for (const code of ['ZZZZ-ZZZZ-ZZZZ', 'nonsense', '0000']) {
      const res = await lookup(code);
      expect(res.status).toBe(404);
      expect(res.json.type).toMatch(/tracking-code-not-found$/);
    }
  });
});

describe('guessing codes', () => {
  it('is rate-limited per address', async () => {
    const limited = await startTestApi({ api: { publicRateLimit: { max: 3, timeWindowMs: 60_000 } } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.get(`/public/v1/cases/GUES-SSSS-000${i}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
