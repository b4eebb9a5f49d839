import type { Kysely } from 'kysely';
import { caseFacts } from '../../domain/case-metrics';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import { caseMetricsRow, loadStreams } from '../../store/projections/case-metrics-projection';
import { rebuildDays } from '../../store/projections/daily-metrics';
import { caseRow } from '../../store/case-row';
import { readStream } from '../../store/read-events';
import { rebuildCases } from '../../store/rebuild-cases';
import { evolve } from '../../domain/evolve';
import { initialState } from '../../domain/initial-state';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** The figures behind the verdict, and the first offenders when it failed. */
  detail: string;
}

const first = (ids: readonly string[], n = 5) => (ids.length ? `: ${ids.slice(0, n).join(', ')}${ids.length > n ? ', …' : ''}` : '');

/** Every case the clients were given is in the read model once, closed; and there is no other. */
export async function checkCases(db: Kysely<Database>, answeredIds: readonly string[]): Promise<CheckResult> {
  const expected = new Set(answeredIds);
  const twice = answeredIds.filter((id, i) => answeredIds.indexOf(id) !== i);
  const rows = await db.selectFrom('cases').select(['id', 'status']).execute();
  const stored = new Map(rows.map((r) => [r.id, r.status]));
  const missing = [...expected].filter((id) => !stored.has(id));
  const open = [...expected].filter((id) => stored.has(id) && stored.get(id) !== 'closed');
  const extra = rows.filter((r) => !expected.has(r.id)).map((r) => r.id);
  const ok = twice.length === 0 && missing.length === 0 && open.length === 0 && extra.length === 0;
  const parts = [`${expected.size} cases answered to the clients, ${rows.length} in the read model`];
  if (twice.length) parts.push(`${twice.length} ids answered to two submissions${first(twice)}`);
  if (missing.length) parts.push(`${missing.length} missing${first(missing)}`);
  if (open.length) parts.push(`${open.length} not closed${first(open.map((id) => `${id} (${stored.get(id)})`))}`);
  if (extra.length) parts.push(`${extra.length} cases nobody was answered (a retry made a second case?)${first(extra)}`);
  return { name: 'every case present once and closed', ok, detail: parts.join('; ') };
}

/**
 * Every event once and in order per case: seq 1..n without gaps, no event id twice, and the
 * same types in the same order for every case (the loop is the same for all).
 */
export async function checkEvents(db: Kysely<Database>): Promise<CheckResult & { events: number }> {
  const rows = await db.selectFrom('case_events').select(['case_id', 'seq', 'event_id', 'type']).orderBy('case_id').orderBy('seq').execute();
  const streams = new Map<string, { seq: number; type: string }[]>();
  const seenIds = new Set<string>();
  const duplicateIds: string[] = [];
  for (const r of rows) {
    if (seenIds.has(r.event_id)) duplicateIds.push(`${r.event_id} (${r.case_id})`);
    seenIds.add(r.event_id);
    const s = streams.get(r.case_id) ?? [];
    s.push({ seq: r.seq, type: r.type });
    streams.set(r.case_id, s);
  }
  const gaps = [...streams].filter(([, s]) => s.some((e, i) => e.seq !== i + 1)).map(([id]) => id);
  const shapes = new Map<string, string[]>();
  for (const [id, s] of streams) {
    const shape = s.map((e) => e.type).join(' ');
    shapes.set(shape, [...(shapes.get(shape) ?? []), id]);
  }
  const usual = [...shapes].sort((a, b) => b[1].length - a[1].length)[0];
  const odd = [...shapes].filter(([shape]) => shape !== usual?.[0]).flatMap(([shape, ids]) => ids.map((id) => `${id} [${shape}]`));
  const ok = gaps.length === 0 && duplicateIds.length === 0 && odd.length === 0;
  const parts = [`${rows.length} events in ${streams.size} cases, ${usual ? usual[0].split(' ').length : 0} each (${usual?.[0] ?? 'none'})`];
  if (gaps.length) parts.push(`${gaps.length} cases with a gap or a repeated seq${first(gaps)}`);
  if (duplicateIds.length) parts.push(`${duplicateIds.length} event ids stored twice${first(duplicateIds)}`);
  if (odd.length) parts.push(`${odd.length} cases whose events differ from the rest${first(odd, 3)}`);
  return { name: 'every event once and in order', ok, detail: parts.join('; '), events: rows.length };
}

/** The `cases` read model equals a fold of the log (what `npm run rebuild:cases` checks). */
export async function checkReadModel(db: Kysely<Database>): Promise<CheckResult> {
  const r = await rebuildCases(db, { repair: false });
  const ok = r.differing.length === 0 && r.orphaned.length === 0;
  const why = r.differing.length ? ` (${r.differing[0]}: ${await rowDifference(db, r.differing[0]!)})` : '';
  return {
    name: 'cases read model equals a rebuild from the log',
    ok,
    detail: `${r.identical} of ${r.cases} identical${r.differing.length ? `; ${r.differing.length} differ${first(r.differing)}${why}` : ''}${r.orphaned.length ? `; ${r.orphaned.length} rows without events${first(r.orphaned)}` : ''}`,
  };
}

/** One text per value whatever its source: dates as ISO, object keys sorted (jsonb reorders them). */
const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (x instanceof Date ? x.toISOString() : x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

class RollBack extends Error {}

/**
 * The metrics projection equals a rebuild: each case's row as the projector left it against a
 * fold of its whole stream, and the daily sums against `rebuildDays` run in a transaction that is
 * rolled back (nothing the API reads changes).
 */
export async function checkMetrics(db: Kysely<Database>, dir: Directory): Promise<CheckResult> {
  const ids = (await db.selectFrom('cases').select('id').orderBy('id').execute()).map((r) => r.id);
  const differing: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const streams = await loadStreams(db, chunk);
    const stored = new Map((await db.selectFrom('case_metrics').selectAll().where('case_id', 'in', chunk).execute()).map((r) => [r.case_id, r]));
    for (const [id, events] of streams) {
      const expected = caseMetricsRow(dir, caseFacts(id, events, 0), events.length);
      const row = stored.get(id) as Record<string, unknown> | undefined;
      if (!row || Object.entries(expected).some(([k, v]) => canonical(row[k]) !== canonical(v))) differing.push(id);
    }
  }
  const order = (q: Kysely<Database>) => q.selectFrom('case_metrics_daily').selectAll().orderBy('dimension').orderBy('key').orderBy('day').execute();
  let daysDiffer = 0;
  let days = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      const before = (await order(trx)).map(canonical);
      await rebuildDays(trx, dir.city.timeZone);
      const after = (await order(trx)).map(canonical);
      days = after.length;
      daysDiffer = Math.max(before.length, after.length) - before.filter((row, i) => row === after[i]).length;
      throw new RollBack();
    })
    .catch((e) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return {
    name: 'metrics projection equals a rebuild',
    ok: differing.length === 0 && daysDiffer === 0,
    detail: `${ids.length - differing.length} of ${ids.length} case rows and ${days - daysDiffer} of ${days} daily rows identical${differing.length ? `; differing cases${first(differing)}` : ''}`,
  };
}

/** Which columns of a case's row differ from a fold of its events (for `state`, which of its fields), to say why a rebuild differs. */
export async function rowDifference(db: Kysely<Database>, caseId: string): Promise<string> {
  const events = await readStream(db, caseId);
  const expected = caseRow(events.map((e) => e.event).reduce(evolve, initialState(caseId))) as Record<string, unknown>;
  const stored = (await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!stored) return 'no row';
  const columns = Object.keys(expected).filter((k) => k !== 'state' && canonical(stored[k]) !== canonical(expected[k]));
  const a = (typeof stored.state === 'string' ? JSON.parse(stored.state) : stored.state) as Record<string, unknown>;
  const b = JSON.parse(expected.state as string) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k]));
  const shown = (v: unknown) => (canonical(v) ?? 'undefined').slice(0, 200);
  return [...columns.map((k) => `${k}: stored ${shown(stored[k])}, rebuilt ${shown(expected[k])}`), ...fields.map((k) => `state.${k}: stored ${shown(a[k])}, rebuilt ${shown(b[k])}`)].join('; ') || 'no column differs';
}
