import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ policy: { backlogAfter: { normal: 'PT5S', urgent: 'PT5S', emergency: 'PT5S' } } });
});
afterAll(() => api?.close());

describe('backlog cases', () => {
  it('an open case past the backlog limit is flagged and found by ?backlog=true; a closed one is not', async () => {
    const open = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    const closed = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    await api.post(`/v1/cases/${closed.id}/withdraw`, { as: 'street', body: { reason: 'resident solved it' } });
    expect(open).toMatchObject({ backlog: false, backlogAt: new Date(Date.parse(open.createdAt) + 5000).toISOString() });
    await new Promise((r) => setTimeout(r, Date.parse(open.backlogAt) - Date.now() + 200));

    expect((await api.get(`/v1/cases/${open.id}`, { as: 'supervisor' })).json.backlog).toBe(true);
    const backlog = (await api.get('/v1/cases', { as: 'supervisor', query: { backlog: 'true' } })).json.items.map((c: { id: string }) => c.id);
    expect(backlog).toEqual([open.id]);
    const notBacklog = (await api.get('/v1/cases', { as: 'supervisor', query: { backlog: 'false' } })).json.items.map((c: { id: string }) => c.id);
    expect(notBacklog).toEqual([closed.id]);
    await api.catchUp();
    expect((await api.get('/v1/metrics/summary', { as: 'supervisor' })).json.total.backlog).toBe(1);
  });
});
