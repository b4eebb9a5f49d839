import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { MetricsSummary } from '../../domain/case-metrics';
import { summarizeParts } from '../../domain/metrics-parts';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import { dayOf, keyOf, partsFromCases, partsFromDays, type Dimension, type KeyedPart } from '../../store/projections/daily-metrics';
import type { Principal } from '../auth';
import { jurisdictionsWithin } from '../scope';

export type GroupBy = 'department' | 'street' | 'day';
export interface MetricsGroup extends MetricsSummary {
  key: string | null;
  name: string | null;
}
export interface MetricsQuery {
  groupBy: GroupBy;
  from: Date;
  to: Date;
  now: Date;
}

const STREET_OR_ABOVE = new Set(['street', 'district', 'city']);

/**
 * Who sees what: the whole city, whole streets (a supervisor at street level or above: a handful
 * of street ids rather than every community), or some communities.
 */
type Scope = { kind: 'city' } | { kind: 'streets'; streets: string[] } | { kind: 'jurisdictions'; within: string[] };

function scopeOf(dir: Directory, who: Principal): Scope {
  if (who.role === 'admin') return { kind: 'city' };
  const within = jurisdictionsWithin(dir, who.org);
  if (within.length === dir.jurisdictions.length) return { kind: 'city' };
  const root = dir.jurisdictions.find((j) => j.id === who.org);
  if (root && STREET_OR_ABOVE.has(root.level)) return { kind: 'streets', streets: dir.jurisdictions.filter((j) => within.includes(j.id) && STREET_OR_ABOVE.has(j.level)).map((j) => j.id) };
  return { kind: 'jurisdictions', within };
}

function scopeFilter(scope: Scope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'city':
      return sql<SqlBool>`true`;
    case 'streets':
      return sql<SqlBool>`street_id = any(${scope.streets})`;
    case 'jurisdictions':
      return sql<SqlBool>`jurisdiction_id = any(${scope.within})`;
  }
}

const dimensionOf = (groupBy: GroupBy): Dimension => (groupBy === 'street' ? 'street' : 'department');
const caseKey = (dir: Directory, groupBy: GroupBy) => (groupBy === 'day' ? dayOf(dir.city.timeZone) : keyOf(dimensionOf(groupBy)));
const receivedIn = (from: Date, to: Date) => sql<SqlBool>`received_at >= ${from} and received_at < ${to}`;

/** The whole city days inside [from, to), and the instants they start and end at. */
async function wholeDays(db: Kysely<Database>, timeZone: string, from: Date, to: Date) {
  const tz = sql.lit(timeZone);
  const { rows } = await sql<{ fromDay: string; toDay: string; start: Date; end: Date }>`
    with b as (
      select (f::date + case when f::time = '00:00' then 0 else 1 end) as d1, t::date as d2
      from (select ${from}::timestamptz at time zone ${tz} as f, ${to}::timestamptz at time zone ${tz} as t) s)
    select d1::text as "fromDay", d2::text as "toDay", d1::timestamp at time zone ${tz} as start, d2::timestamp at time zone ${tz} as "end" from b`.execute(db);
  const b = rows[0]!;
  return b.fromDay < b.toDay ? b : null;
}

/**
 * A period read from the stored days: its whole days from `case_metrics_daily`, the hours before
 * the first and after the last whole day from `case_metrics`. A month of the city is then ~1,200
 * stored rows (or ~4,500 by street) instead of ~100,000 cases. The days are kept per department
 * and per street, so they serve the whole city, and whole streets when grouped by street or day.
 */
async function partsWithStoredDays(db: Kysely<Database>, dir: Directory, q: MetricsQuery, scope: Scope): Promise<KeyedPart[]> {
  const days = await wholeDays(db, dir.city.timeZone, q.from, q.to);
  const key = caseKey(dir, q.groupBy);
  const inScope = scopeFilter(scope);
  if (!days) return partsFromCases(db, key, sql<SqlBool>`${receivedIn(q.from, q.to)} and ${inScope}`);
  const edges = sql<SqlBool>`(${receivedIn(q.from, days.start)} or ${receivedIn(days.end, q.to)}) and ${inScope}`;
  const streets = scope.kind === 'streets' ? scope.streets : null;
  const [stored, edge] = [
    await partsFromDays(db, streets ? 'street' : dimensionOf(q.groupBy), days.fromDay, days.toDay, q.groupBy === 'day' ? 'day' : 'key', streets),
    await partsFromCases(db, key, edges),
  ];
  return [...stored, ...edge];
}

/** Whether the stored days can answer: they hold no department within a street, nor communities. */
const storedDaysServe = (scope: Scope, groupBy: GroupBy) => scope.kind === 'city' || (scope.kind === 'streets' && groupBy !== 'department');

/**
 * The figures for cases received in [from, to) within the person's scope, per department, street
 * or day, and the total. Backlog compares each open case's backlog instant with `now`, so it is
 * current at every call; medians are exact (every resolve time is merged).
 */
export async function metricsSummary(db: Kysely<Database>, dir: Directory, who: Principal, q: MetricsQuery): Promise<{ total: MetricsSummary; groups: MetricsGroup[] }> {
  const scope = scopeOf(dir, who);
  // One snapshot for the stored days and the edges: the projector may commit between the reads.
  const parts = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) =>
      storedDaysServe(scope, q.groupBy) ? partsWithStoredDays(trx, dir, q, scope) : partsFromCases(trx, caseKey(dir, q.groupBy), sql<SqlBool>`${receivedIn(q.from, q.to)} and ${scopeFilter(scope)}`),
    );

  const now = q.now.getTime();
  const byKey = new Map<string, KeyedPart[]>();
  for (const p of parts) {
    const list = byKey.get(p.key);
    if (list) list.push(p);
    else byKey.set(p.key, [p]);
  }
  const nameOf = (k: string | null) => {
    if (k === null || q.groupBy === 'day') return k;
    return (q.groupBy === 'department' ? dir.departments : dir.jurisdictions).find((x) => x.id === k)?.name ?? k;
  };
  const groups = [...byKey].map(([k, ps]) => {
    // '' is how the tables key "no department yet".
    const key = q.groupBy === 'department' && k === '' ? null : k;
    return { key, name: nameOf(key), ...summarizeParts(ps, now) };
  });
  groups.sort((a, b) => (q.groupBy === 'day' ? String(a.key).localeCompare(String(b.key)) : b.received - a.received || String(a.key).localeCompare(String(b.key))));
  return { total: summarizeParts(parts, now), groups };
}
