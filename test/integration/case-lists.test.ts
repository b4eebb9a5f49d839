// What a supervisor works with all day: case numbers to read out, lists sorted and counted,
// and the filtered list as a spreadsheet for the office above.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_NUMBER } from '../../store/case-numbers';
import { rebuildCases } from '../../store/rebuild-cases';
import { sewerReport } from '../support/actors';
import { startTestApi, type TestApi } from '../support/test-api';

let api: TestApi;
const ids: string[] = [];
const numbers: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ api: { exportMaxRows: 4 } });
  for (const [i, description] of ['路灯不亮，晚上很黑', '下水道堵塞，污水外溢', '楼道灯坏了，老人摔倒'].entries()) {
    const res = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, description }, headers: { 'idempotency-key': `list-${i}` } });
    expect(res.status).toBe(201);
    ids.push(res.json.id);
    numbers.push(res.json.number);
  }
}, 120_000);
afterAll(() => api?.close());


describe('case numbers', () => {
  it('are short, sequential, one per case, and the same for a retried submission', async () => {
    for (const n of numbers) expect(n).toMatch(CASE_NUMBER);
    const seqs = numbers.map((n) => Number(n.split('-')[1]));
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(seqs[2]).toBe(seqs[1]! + 1);
    const retried = await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, description: '路灯不亮，晚上很黑' }, headers: { 'idempotency-key': 'list-0' } });
    expect(retried.json).toMatchObject({ id: ids[0], number: numbers[0] });
  });

  it('find their case: by the number filter, by q, and in place of the id', async () => {
    expect((await api.get('/v1/cases', { as: 'supervisor', query: { number: numbers[1]! } })).json.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    expect((await api.get('/v1/cases', { as: 'supervisor', query: { q: numbers[2]! } })).json.items.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
    const byNumber = await api.get(`/v1/cases/${numbers[0]}`, { as: 'supervisor' });
    expect(byNumber.json).toMatchObject({ id: ids[0], number: numbers[0] });
    const acted = await api.post(`/v1/cases/${numbers[0]}/escalate`, { as: 'supervisor', body: { reason: 'the resident called again' } });
    expect(acted.json).toMatchObject({ id: ids[0], escalationLevel: 1 });
    const open311 = await api.get(`/open311/v2/requests/${numbers[1]}.json`, { as: 'supervisor' });
    expect(open311.json[0]).toMatchObject({ service_request_id: ids[1], service_notice: `case number ${numbers[1]}` });
  });

  it('are in the log, so a rebuild of the read model keeps them', async () => {
    const events = await api.engine.service.events(ids[2]!);
    expect(events[0]!.event).toMatchObject({ type: 'case_reported', data: { number: numbers[2] } });
    await api.engine.db.updateTable('cases').set({ number: null }).where('id', '=', ids[2]!).execute();
    const report = await rebuildCases(api.engine.db, { repair: true });
    expect(report.differing).toEqual([ids[2]]);
    expect((await api.get('/v1/cases', { as: 'supervisor', query: { number: numbers[2]! } })).json.items.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
  });
});

describe('lists', () => {
  it('sort, count and page without losing or repeating a case', async () => {
    const oldest = await api.get('/v1/cases', { as: 'supervisor', query: { sort: 'createdAt' } });
    expect(oldest.json.items.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(oldest.json).toMatchObject({ total: 3, totalAtLeast: false });
    const newest = await api.get('/v1/cases', { as: 'supervisor' });
    expect(newest.json.items.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    for (const sort of ['nextDueAt', '-updatedAt', 'createdAt']) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.get('/v1/cases', { as: 'supervisor', query: { sort, limit: '1', ...(cursor ? { cursor } : {}) } });
        expect(page.status).toBe(200);
        seen.push(...page.json.items.map((c: { id: string }) => c.id));
        cursor = page.json.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort(), sort).toEqual([...ids].sort());
    }
  });

  it('refuses a cursor read in another order', async () => {
    const page = await api.get('/v1/cases', { as: 'supervisor', query: { sort: 'createdAt', limit: '1' } });
    const wrong = await api.get('/v1/cases', { as: 'supervisor', query: { sort: 'nextDueAt', cursor: page.json.nextCursor } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0]).toMatchObject({ path: 'cursor' });
  });
});

describe('exports', () => {
  it('give the filtered cases as .xlsx, headers in Chinese and times in the city\'s zone', async () => {
    const res = await api.call('GET', '/v1/cases', { as: 'supervisor', query: { format: 'xlsx', q: '灯', sort: 'createdAt' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="cases-.*\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawBody as never);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('案件编号');
    expect(rows.slice(1).map((r) => r[1])).toEqual([numbers[0], numbers[2]]);
    expect(rows[1]).toContain('已派单');
    const reported = (await api.get(`/v1/cases/${ids[0]}`, { as: 'supervisor' })).json.createdAt as string;
    const cityTime = new Date(Date.parse(reported) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(rows[1]).toContain(cityTime);
  });

  it('give CSV in English when asked by Accept, readable by Excel (a byte-order mark)', async () => {
    const res = await api.call('GET', '/v1/cases', { as: 'supervisor', query: { lang: 'en', sort: 'createdAt' }, headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.body.startsWith('\uFEFFCase number,')).toBe(true);
    expect(res.body.trim().split('\n')).toHaveLength(4);
  });

  it('say how many cases match rather than building a file past the limit', async () => {
    for (let i = 0; i < 2; i++) await api.post('/v1/cases', { as: 'street', body: sewerReport });
    const res = await api.get('/v1/cases', { as: 'supervisor', query: { format: 'csv' } });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ code: 'too_many_rows' });
    expect(res.json.detail).toMatch(/5 cases match; an export holds at most 4/);
  });
});
