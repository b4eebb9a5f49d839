import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { signToken } from '../../api/auth';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
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
