// A resident complains about the housing centre itself: the case goes to the body that
// supervises it, and the housing centre never sees it, lists it or gets it by dispatch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(() => api?.close());

describe('a complaint about a department', () => {
  it('goes to its supervising body and stays out of that department\'s sight', async () => {
    const res = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, complaintAbout: 'lixian-housing', description: '住房保障中心对下水道堵塞推诿不管，工作人员态度恶劣。' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ complaintAbout: 'lixian-housing', departmentId: 'lixian-letters-visits', status: 'assigned' });
    const id = res.json.id as string;

    expect((await api.get(`/v1/cases/${id}`, { as: 'housing' })).status).toBe(404);
    expect((await api.get('/v1/tasks', { as: 'housing' })).json.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await api.get('/v1/cases', { as: 'housing' })).json.items.map((c: { id: string }) => c.id)).not.toContain(id);

    const reassigned = await api.post(`/v1/cases/${id}/reassign`, { as: 'supervisor', body: { departmentId: 'lixian-housing', reason: 'theirs after all' } });
    expect(reassigned.status).toBe(400);
    expect(reassigned.json.detail).toMatch(/complaint is about that department/);
  });

  it('names an unknown department as a field error', async () => {
    const res = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, complaintAbout: 'no-such-department' } });
    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual(expect.objectContaining({ path: 'complaintAbout', code: 'unknown_id' }));
  });
});
