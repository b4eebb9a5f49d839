// The event log is evidence: a superuser who edits, deletes or reorders events behind the
// engine's back (the append-only trigger disabled) is found, named to the event.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
const ids: string[] = [];
beforeAll(async () => {
  api = await startTestApi();
  for (let i = 0; i < 3; i++) {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    ids.push(c.id);
  }
}, 120_000);
afterAll(() => api?.close());

const verify = async () => (await api.get('/v1/audit/verify', { as: 'admin' })).json;
/** As a superuser would: the append-only trigger set aside for one statement. */
async function behindTheEnginesBack(statement: ReturnType<typeof sql>) {
  await api.engine.db.transaction().execute(async (trx) => {
    await sql`alter table case_events disable trigger case_events_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table case_events enable trigger case_events_append_only`.execute(trx);
  });
}

describe('the tamper-evident log', () => {
  it('checks out when nobody touched it, and a day\'s anchor is the same each time', async () => {
    expect(await verify()).toEqual({ ok: true, checked: 12, firstBadEvent: null, badEvents: [], badAnchors: [] });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const first = await api.post('/v1/audit/anchors', { as: 'admin', body: { day } });
    expect(first.json).toMatchObject({ day, events: 12, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await api.post('/v1/audit/anchors', { as: 'admin', body: { day } })).json).toEqual(first.json);
    expect((await api.get('/v1/audit/verify', { as: 'supervisor' })).status).toBe(403);
  });

  it('names an edited event, and the day whose anchor it breaks', async () => {
    await behindTheEnginesBack(sql`update case_events set data = jsonb_set(data, '{departmentId}', '"lixian-health"') where case_id = ${ids[1]} and seq = 4`);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadEvent).toMatchObject({ caseId: ids[1], seq: 4, problem: 'edited' });
    expect(report.badAnchors).toHaveLength(1);
  });

  it('names the event after a deleted one, and events put in another order', async () => {
    await behindTheEnginesBack(sql`delete from case_events where case_id = ${ids[0]} and seq = 2`);
    // Swapped through a free number: the (case, seq) key holds row by row.
    await behindTheEnginesBack(sql`update case_events set seq = 100 where case_id = ${ids[2]} and seq = 2`);
    await behindTheEnginesBack(sql`update case_events set seq = 2 where case_id = ${ids[2]} and seq = 3`);
    await behindTheEnginesBack(sql`update case_events set seq = 3 where case_id = ${ids[2]} and seq = 100`);
    const report = await verify();
    expect(report.badEvents).toEqual([
      expect.objectContaining({ caseId: ids[0], seq: 3, problem: 'missing_before' }),
      expect.objectContaining({ caseId: ids[1], seq: 4, problem: 'edited' }),
      expect.objectContaining({ caseId: ids[2], seq: 2, problem: 'reordered' }),
    ]);
    expect(report.firstBadEvent).toMatchObject({ caseId: ids[0] });
  });
});
