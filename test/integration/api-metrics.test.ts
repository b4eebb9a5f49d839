import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { signToken } from '../../api/auth';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ api: { projector: true } });
  // A hand-made district: two cases handled by housing (one satisfied, one reopened after an
  // unsatisfied rating and escalated by a supervisor), one awaiting dispatch in Liyang street,
  // and one in Xiaodu street that urban management accepted.
  const handled = async (rating: string) => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    await api.post(`/v1/cases/${c.id}/contact`, { as: 'housing', body: { note: 'called' } });
    const visit = (await api.post(`/v1/cases/${c.id}/visits`, { as: 'housing', body: { scheduledFor: '2026-11-24T02:00:00Z', cadres: ['Liu'] } })).json.visitId;
    await api.post(`/v1/cases/${c.id}/visits/${visit}/complete`, { as: 'housing', body: { findings: 'f' } });
    await api.post(`/v1/cases/${c.id}/resolve`, { as: 'housing', body: { summary: 's', outcome: 'resolved' } });
    expect((await api.post(`/v1/cases/${c.id}/feedback`, { as: 'street', body: { rating } })).status).toBe(200);
    return c.id as string;
  };
  await handled('satisfied');
  const reopened = await handled('unsatisfied');
  expect((await api.post(`/v1/cases/${reopened}/escalate`, { as: 'supervisor', body: { reason: 'second complaint' } })).status).toBe(200);
  await api.post('/v1/cases', { as: 'street', body: { description: 'please come and look', location: { jurisdictionId: 'liyang' } } });
  const xiaodu = (await api.post('/v1/cases', { as: 'supervisor', body: { description: '小区噪音扰民，晚上施工', location: { jurisdictionId: 'xiaodu-village' } } })).json;
  if (xiaodu.status === 'awaiting_dispatch') {
    await api.post(`/v1/cases/${xiaodu.id}/dispatch`, { as: 'supervisor', body: { categoryId: 'noise', departmentId: 'lixian-urban-management' } });
  }
  const urban = await api.engine.db.selectFrom('cases').select('department_id').where('id', '=', xiaodu.id).executeTakeFirstOrThrow();
  expect(urban.department_id).toBe('lixian-urban-management');
  await api.post(`/v1/cases/${xiaodu.id}/accept`, {
    as: null,
    headers: { authorization: `Bearer ${await signToken(TEST_JWT_SECRET, { sub: 'urban', role: 'department', org: 'lixian-urban-management' })}` },
  });
  await api.catchUp();
});
afterAll(() => api?.close());

const summary = (query: Record<string, string>, as: 'supervisor' | 'otherSupervisor' | 'housing' = 'supervisor') => api.get('/v1/metrics/summary', { as, query });

describe('GET /v1/metrics/summary', () => {
  it('per department, the counts and rates equal the hand-computed figures', async () => {
    const r = await summary({ groupBy: 'department' });
    expect(r.status).toBe(200);
    expect(r.json.total).toMatchObject({ received: 4, accepted: 3, acceptedOnTime: 3, contacted: 2, resolved: 2, satisfied: 1, unsatisfied: 1, reopened: 1, visits: 2, escalationsByLevel: { 1: 1 } });
    expect(r.json.total.rates).toMatchObject({ response: 0.75, contact: 0.5, resolution: 0.5, satisfaction: 0.5, reopen: 0.5 });
    const byKey = Object.fromEntries(r.json.groups.map((g: { key: string | null }) => [g.key, g]));
    expect(Object.keys(byKey).sort()).toEqual(['lixian-housing', 'lixian-urban-management', 'null']);
    expect(byKey['lixian-housing']).toMatchObject({ name: 'Li County Housing Security Centre', received: 2, resolved: 2, reopened: 1, visits: 2, rates: { resolution: 1, satisfaction: 0.5 } });
    expect(byKey['lixian-urban-management']).toMatchObject({ received: 1, accepted: 1, resolved: 0, rates: { resolution: 0 } });
    expect(byKey.null).toMatchObject({ received: 1, accepted: 0 });
    expect(byKey['lixian-housing'].timeToResolveMs.median).toBeGreaterThanOrEqual(0);
  });

  it('per day, in the city\'s time zone', async () => {
    const r = await summary({ groupBy: 'day' });
    expect(r.json.groups).toEqual([expect.objectContaining({ key: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), received: 4 })]);
  });

  it('per street, cases count under the street they lie in', async () => {
    const r = await summary({ groupBy: 'street' });
    const byKey = Object.fromEntries(r.json.groups.map((g: { key: string; received: number }) => [g.key, g.received]));
    expect(byKey).toEqual({ liyang: 3, xiaodu: 1 });
  });

  it('counts only cases received in the period and in the supervisor\'s jurisdiction', async () => {
    expect((await summary({ from: '2020-01-01', to: '2020-02-01' })).json.total.received).toBe(0);
    expect((await summary({}, 'otherSupervisor')).json.total.received).toBe(0);
  });

  it('is for supervisors, and a reversed period is a 400 naming from', async () => {
    expect((await summary({}, 'housing')).status).toBe(403);
    const reversed = await summary({ from: '2026-02-01', to: '2026-01-01' });
    expect(reversed.status).toBe(400);
    expect(reversed.json.errors).toEqual([expect.objectContaining({ path: 'from' })]);
  });
});

describe('GET /v1/metrics/ranking', () => {
  const ranking = (query: Record<string, string>) => api.get('/v1/metrics/ranking', { as: 'supervisor', query });

  it('ranks departments on the composite of the three rates, with each rate\'s numerator and denominator', async () => {
    const r = await ranking({});
    expect(r.status).toBe(200);
    expect(r.json.weights).toEqual({ response: 1, resolution: 1, satisfaction: 1 });
    // Housing: response 2/2, resolution 2/2, satisfaction 1/2 → 0.8333; urban management: 1/1, 0/1, no rating → 0.5.
    expect(r.json.items.map((i: { rank: number; key: string; composite: number }) => [i.rank, i.key, i.composite])).toEqual([
      [1, 'lixian-housing', 0.8333],
      [2, 'lixian-urban-management', 0.5],
    ]);
    expect(r.json.items[0].rates.satisfaction).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(r.json.items[1].rates.satisfaction).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('sorts by one rate when asked, lower first for the reopen rate, and ranks streets too', async () => {
    expect((await ranking({ sortBy: 'resolution' })).json.items.map((i: { key: string }) => i.key)).toEqual(['lixian-housing', 'lixian-urban-management']);
    const streets = await ranking({ groupBy: 'street', sortBy: 'reopen' });
    expect(streets.json.items.map((i: { key: string; rates: { reopen: { numerator: number; denominator: number } } }) => [i.key, i.rates.reopen.numerator, i.rates.reopen.denominator])).toEqual([
      ['liyang', 1, 2],
      ['xiaodu', 0, 0],
    ]);
  });

  it('rejects an unknown sort with the field named', async () => {
    const r = await ranking({ sortBy: 'speed' });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ path: 'sortBy', in: 'querystring' })]);
  });
});

describe('the metrics projector in the API process', () => {
  it('projects a new case without being asked, and /metrics shows the projection lag', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    let row;
    for (let i = 0; i < 100 && !row; i++) {
      row = await api.engine.db.selectFrom('case_metrics').select('case_id').where('case_id', '=', c.id).executeTakeFirst();
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toEqual({ case_id: c.id });
    const metrics = await api.get('/metrics');
    expect(metrics.body).toMatch(/projection_lag_seconds_count\{projection="case_metrics"\} [1-9]/);
    expect(metrics.body).toMatch(/projection_events_behind\{projection="case_metrics"\} \d+/);
    expect(metrics.body).toMatch(/projection_oldest_unprojected_seconds\{projection="case_metrics"\} [\d.]+/);
  });
});
