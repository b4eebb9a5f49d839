import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCases } from '../../api/queries/list-cases';
import { appendEvents } from '../../store/append-events';
import { createTestDatabase } from '../support/test-database';
import { CaseHarness, directory } from '../unit/fixtures';

const admin = { sub: 'root', role: 'admin', org: 'changde' } as const;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

const TEXTS = {
  lamp: { title: '路灯不亮', description: '小区门口的路灯坏了三天，晚上很黑，灯路不通。' },
  noise: { title: 'Night construction noise', description: '工地夜间施工噪音扰民，凌晨两点还在打桩。' },
  sewer: { title: 'Broken SEWER pipe', description: 'The sewer behind building 3 overflows after rain; 100% blocked_drain.' },
};

beforeAll(async () => {
  db = await createTestDatabase();
  for (const [id, text] of Object.entries(TEXTS)) {
    const c = new CaseHarness(undefined, undefined, { caseId: id, newId: randomUUID, report: text });
    await appendEvents(db.db, { caseId: id, expectedVersion: 0, events: c.events });
  }
});
afterAll(() => db?.drop());

const search = async (q: string) => (await listCases(db.db, directory, admin, { q, limit: 50 })).items.map((c) => c.caseId).sort();

describe('searching case texts (bigram index, then a substring check)', () => {
  it('finds Chinese words of two or more characters without word segmentation', async () => {
    expect(await search('噪音')).toEqual(['noise']);
    expect(await search('路灯坏了')).toEqual(['lamp']);
    expect(await search('夜间施工噪音')).toEqual(['noise']);
  });

  it('finds English substrings in any case, inside words too', async () => {
    expect(await search('sewer')).toEqual(['sewer']);
    expect(await search('EWER PI')).toEqual(['sewer']);
    expect(await search('construction')).toEqual(['noise']);
  });

  it('needs the words adjacent, not just every bigram somewhere in the text', async () => {
    // 路灯 and 灯路 both occur in the lamp case, but never as 路灯路.
    expect(await search('路灯路')).toEqual([]);
  });

  it('takes a single character, and LIKE wildcards literally', async () => {
    expect(await search('灯')).toEqual(['lamp']);
    expect(await search('100%')).toEqual(['sewer']);
    expect(await search('k_x')).toEqual([]);
    expect(await search('d_d')).toEqual(['sewer']);
    expect(await search('blocked_drain')).toEqual(['sewer']);
  });

  it('generates the bigrams from title and description, lower-cased, without punctuation', async () => {
    const row = await db.db.selectFrom('cases').select('search_grams').where('id', '=', 'noise').executeTakeFirstOrThrow();
    expect(row.search_grams).toEqual(expect.arrayContaining(['噪音', 'ni', 'gh']));
    expect(row.search_grams).not.toContain('，');
  });

  it('pages newest first through matches spread over years, and within a period', async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    const ages = [1, 40, 100, 300, 700];
    for (const age of ages) {
      const id = `manhole-${age}`;
      const c = new CaseHarness(undefined, undefined, { caseId: id, now: now - age * DAY, newId: randomUUID, report: { title: '井盖缺失', description: `路口井盖丢了（${age} 天前）` } });
      await appendEvents(db.db, { caseId: id, expectedVersion: 0, events: c.events });
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(db.db, directory, admin, { q: '井盖', limit: 2, cursor, now: new Date(now) });
      pages.push(page.items.map((c) => c.caseId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([['manhole-1', 'manhole-40'], ['manhole-100', 'manhole-300'], ['manhole-700']]);
    // A period starting inside the widest window.
    const recent = await listCases(db.db, directory, admin, { q: '井盖', limit: 2, from: new Date(now - 50 * DAY), now: new Date(now) });
    expect(recent.items.map((c) => c.caseId)).toEqual(['manhole-1', 'manhole-40']);
    expect(recent.nextCursor).toBeNull();
  });
});
