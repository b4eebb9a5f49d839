import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';
import { eventually } from '../support/test-engine';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ policy: { duplicateWindow: 'P14D', duplicateDistanceM: 100 } });
});
afterAll(() => api?.close());

const submit = async (body: object) => {
  const r = await api.post('/v1/cases', { as: 'street', body });
  expect(r.status).toBe(201);
  return r.json as { id: string; status: string; duplicateOf: string | null; categoryId: string; departmentId: string | null };
};
const sewer = (address: string | undefined, extra: object = {}) => ({ ...sewerReport, location: { jurisdictionId: 'xihu', ...(address ? { address } : {}), ...extra } });
const types = async (id: string) => (await api.get(`/v1/cases/${id}/events`, { as: 'supervisor' })).json.items.map((e: { type: string }) => e.type);

describe('duplicate cases', () => {
  it('links a second report of the same problem at the same address instead of dispatching it twice; both are visible to the supervisor', async () => {
    const first = await submit(sewer('Building 3, Xihu Community'));
    expect(first.status).toBe('assigned');
    const second = await submit({ ...sewer('building 3 xihu community'), title: 'Sewer overflowing again', description: '西湖社区3栋下水道又堵了，污水流到路上' });
    expect(second).toMatchObject({ status: 'awaiting_dispatch', duplicateOf: first.id, departmentId: null });
    expect(await types(second.id)).toEqual(['case_reported', 'case_classified', 'duplicate_linked']);
    expect((await api.get(`/v1/cases/${first.id}`, { as: 'supervisor' })).json.duplicates).toEqual([second.id]);
    expect((await api.get('/v1/cases', { as: 'supervisor', query: { duplicateOf: first.id } })).json.items.map((c: { id: string }) => c.id)).toEqual([second.id]);
    const notified = await eventually(async () => {
      const rows = await api.engine.db.selectFrom('outbox').select(['recipient_id']).where('case_id', '=', second.id).where('kind', '=', 'duplicate_linked').execute();
      return rows.length > 0 && rows;
    });
    expect(notified).toEqual([{ recipient_id: 'lixian' }]);

    // Only a supervisor in scope may unlink; then the case is routed on its own.
    expect((await api.post(`/v1/cases/${second.id}/unlink`, { as: 'street', body: { reason: 'r' } })).status).toBe(403);
    expect((await api.post(`/v1/cases/${second.id}/unlink`, { as: 'housing', body: { reason: 'r' } })).status).toBe(403);
    expect((await api.post(`/v1/cases/${second.id}/unlink`, { as: 'otherSupervisor', body: { reason: 'r' } })).status).toBe(404);
    const unlinked = await api.post(`/v1/cases/${second.id}/unlink`, { as: 'supervisor', body: { reason: 'a different pipe: the north side of the building' } });
    expect(unlinked.status).toBe(200);
    expect(unlinked.json).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing', duplicateOf: null });
    expect((await api.get(`/v1/cases/${first.id}`, { as: 'supervisor' })).json.duplicates).toEqual([]);
    expect((await api.post(`/v1/cases/${second.id}/unlink`, { as: 'supervisor', body: { reason: 'again' } })).status).toBe(409);
  });

  it('links by coordinates within the configured distance, not beyond it, and never across categories', async () => {
    const near = { lat: 29.64, lon: 111.75 };
    const original = await submit(sewer(undefined, near));
    expect(original.status).toBe('assigned');
    const forty = await submit(sewer(undefined, { lat: 29.6403, lon: 111.7502 }));
    expect(forty.duplicateOf).toBe(original.id);
    const far = await submit(sewer(undefined, { lat: 29.645, lon: 111.75 }));
    expect(far.duplicateOf).toBeNull();
    expect(far.status).toBe('assigned');
    const otherProblem = await submit({ title: 'Street light out', description: 'The street light is broken and does not work at night', location: { jurisdictionId: 'xihu', ...near } });
    expect(otherProblem.categoryId).not.toBe(original.categoryId);
    expect(otherProblem.duplicateOf).toBeNull();
  });

  it('a linked duplicate closed by a supervisor has the outcome duplicate; a closed case attracts no duplicates', async () => {
    const original = await submit(sewer('Building 9, Xihu Community'));
    const duplicate = await submit(sewer('Building 9, Xihu Community'));
    expect(duplicate.duplicateOf).toBe(original.id);
    const closed = await api.post(`/v1/cases/${duplicate.id}/close`, { as: 'supervisor', body: { reason: 'same as the earlier report' } });
    expect(closed.json).toMatchObject({ status: 'closed', outcome: 'duplicate' });

    await api.post(`/v1/cases/${original.id}/withdraw`, { as: 'street', body: { reason: 'fixed by the residents' } });
    const later = await submit(sewer('Building 9, Xihu Community'));
    expect(later).toMatchObject({ status: 'assigned', duplicateOf: null });
  });
});
