import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { MetricsPart } from '../../domain/metrics-parts';
import type { Database } from '../../schema/database';

export type Dimension = 'department' | 'street';
export type KeyedPart = MetricsPart & { key: string };

/**
 * Each escalated case's escalations per level as text, "3,1;0,2", kept like the resolve times and
 * summed by `sumLevels` when read: arrays of any length summed level by level in SQL (unnest, sum,
 * gather, or an aggregate over a SQL function) took 10 to 55 ms for a month.
 */
const ESCALATION_TEXT = sql`coalesce(string_agg(array_to_string(escalations, ','), ';') filter (where cardinality(escalations) > 0), '') as "escalationText"`;

/** Sums "3,1;0,2" level by level: [3, 3]. */
export function sumLevels(text: string): number[] {
  const sums: number[] = [];
  if (text === '') return sums;
  for (const row of text.split(';')) row.split(',').forEach((n, i) => (sums[i] = (sums[i] ?? 0) + Number(n)));
  return sums;
}

/**
 * `case_metrics` rows (with the grouping columns `k` and `d`) as one part per (k, d). Times are
 * packed float8s (float8send): a month is ~100,000 of them, and parsing a float8[]'s text took
 * most of a query's time.
 */
const partsOfCases = (rows: RawBuilder<unknown>) => sql`
    select k, d,
      count(*)::int as received,
      count(*) filter (where accepted)::int as accepted,
      count(*) filter (where accepted_on_time)::int as "acceptedOnTime",
      count(*) filter (where contacted)::int as contacted,
      count(*) filter (where contacted_on_time)::int as "contactedOnTime",
      count(*) filter (where resolved)::int as resolved,
      count(*) filter (where resolved_on_time)::int as "resolvedOnTime",
      count(*) filter (where rating = 'satisfied')::int as satisfied,
      count(*) filter (where rating = 'basically_satisfied')::int as "basicallySatisfied",
      count(*) filter (where rating = 'unsatisfied')::int as unsatisfied,
      count(*) filter (where reopened)::int as reopened,
      count(*) filter (where overdue)::int as overdue,
      coalesce(sum(visits), 0)::int as visits,
      coalesce(string_agg(float8send(resolve_ms::float8), ''::bytea order by resolve_ms) filter (where resolve_ms is not null), ''::bytea) as "resolveMs",
      coalesce(string_agg(float8send(extract(epoch from backlog_at)::float8 * 1000), ''::bytea) filter (where not closed and backlog_at is not null), ''::bytea) as "backlogAt",
      ${ESCALATION_TEXT}
    from (${rows}) as r group by k, d`;

/** The grouping key of a dimension over `case_metrics`: '' stands for "no department". */
export function keyOf(dimension: Dimension): RawBuilder<string> {
  return dimension === 'department' ? sql<string>`coalesce(department_id, '') collate "C"` : sql<string>`street_id collate "C"`;
}

/**
 * A join of `case_metrics` on a key `x.key`, written as the (key, received_at) indexes are: an
 * OR for the "no department" key made the planner scan a month per key.
 */
function matchesKey(dimension: Dimension): RawBuilder<SqlBool> {
  return dimension === 'department' ? sql<SqlBool>`coalesce(department_id, '') = x.key` : sql<SqlBool>`street_id = x.key`;
}

/** The city day a case was received on, as 'YYYY-MM-DD'. */
export function dayOf(timeZone: string): RawBuilder<string> {
  // A literal, not a parameter: GROUP BY must see the same expression wherever it is written.
  return sql<string>`((received_at at time zone ${sql.lit(timeZone)})::date)`;
}

type PackedPart = Omit<KeyedPart, 'resolveMs' | 'backlogAt' | 'escalations'> & { resolveMs: Uint8Array; backlogAt: Uint8Array; escalationText: string };

/** float8send's output, concatenated: big-endian 8-byte floats. */
export function unpackFloats(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, false);
  return out;
}

const unpacked = (rows: PackedPart[]): KeyedPart[] =>
  rows.map(({ escalationText, ...r }) => ({ ...r, escalations: sumLevels(escalationText), resolveMs: unpackFloats(r.resolveMs), backlogAt: unpackFloats(r.backlogAt) }));

/** `case_metrics` rows matching `where`, aggregated into one part per key. */
export async function partsFromCases(db: Kysely<Database>, key: RawBuilder<string>, where: Expression<SqlBool>): Promise<KeyedPart[]> {
  const { rows } = await sql<PackedPart & { k: string }>`
    select k as key, p.* from (${partsOfCases(sql`select ${key}::text as k, null::date as d, * from case_metrics where ${where}`)}) p`.execute(db);
  return unpacked(rows);
}

/** The stored days of a dimension in [fromDay, toDay) (of the given keys only, if any), one part per key or per day. */
export async function partsFromDays(db: Kysely<Database>, dimension: Dimension, fromDay: string, toDay: string, per: 'key' | 'day', keys: readonly string[] | null = null): Promise<KeyedPart[]> {
  const { rows } = await sql<PackedPart>`
    select ${per === 'key' ? sql`key` : sql`day::text`} as key,
      sum(received)::int as received, sum(accepted)::int as accepted, sum(accepted_on_time)::int as "acceptedOnTime",
      sum(contacted)::int as contacted, sum(contacted_on_time)::int as "contactedOnTime",
      sum(resolved)::int as resolved, sum(resolved_on_time)::int as "resolvedOnTime",
      sum(satisfied)::int as satisfied, sum(basically_satisfied)::int as "basicallySatisfied", sum(unsatisfied)::int as unsatisfied,
      sum(reopened)::int as reopened, sum(overdue)::int as overdue, sum(visits)::int as visits,
      -- Sorted runs, one per day: the merge sorts them all anyway.
      string_agg(resolve_ms, ''::bytea) as "resolveMs", string_agg(backlog_at, ''::bytea) as "backlogAt",
      coalesce(string_agg(nullif(escalation_text, ''), ';'), '') as "escalationText"
    from case_metrics_daily
    where dimension = ${dimension} and day >= ${fromDay}::date and day < ${toDay}::date ${keys === null ? sql`` : sql`and key = any(${keys})`}
    group by 1`.execute(db);
  return unpacked(rows);
}

/** Part columns into `case_metrics_daily`, in its column order. */
const storedPart = (dimension: Dimension, rows: RawBuilder<unknown>) => sql`
  insert into case_metrics_daily (dimension, key, day, received, accepted, accepted_on_time, contacted, contacted_on_time, resolved, resolved_on_time,
    satisfied, basically_satisfied, unsatisfied, reopened, overdue, visits, escalation_text, resolve_ms, backlog_at)
  select ${dimension}, k, d, received, accepted, "acceptedOnTime", contacted, "contactedOnTime", resolved, "resolvedOnTime",
    satisfied, "basicallySatisfied", unsatisfied, reopened, overdue, visits, "escalationText", "resolveMs", "backlogAt"
  from (${partsOfCases(rows)}) p`;

export interface DayKey {
  dimension: Dimension;
  key: string;
  day: string;
}

/** The days and keys the given cases count in now: read before and after their facts change. */
export async function dayKeysOf(db: Kysely<Database>, timeZone: string, caseIds: readonly string[]): Promise<DayKey[]> {
  if (caseIds.length === 0) return [];
  const { rows } = await sql<{ department: string; street: string; day: string }>`
    select distinct ${keyOf('department')} as department, street_id as street, ${dayOf(timeZone)}::text as day
    from case_metrics where case_id = any(${caseIds})`.execute(db);
  return rows.flatMap((r) => [
    { dimension: 'department' as const, key: r.department, day: r.day },
    { dimension: 'street' as const, key: r.street, day: r.day },
  ]);
}

/** Recomputes the given days from `case_metrics`; a day left without cases is removed. */
export async function refreshDays(db: Kysely<Database>, timeZone: string, keys: readonly DayKey[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [`${k.dimension}\u0000${k.key}\u0000${k.day}`, k])).values()];
  if (unique.length === 0) return;
  await sql`
    delete from case_metrics_daily t
    using unnest(${unique.map((k) => k.dimension)}::text[], ${unique.map((k) => k.key)}::text[], ${unique.map((k) => k.day)}::date[]) as x(dimension, key, day)
    where t.dimension = x.dimension and t.key = x.key and t.day = x.day`.execute(db);
  const tz = sql.lit(timeZone);
  for (const dimension of ['department', 'street'] as const) {
    const of = unique.filter((k) => k.dimension === dimension);
    if (of.length === 0) continue;
    await storedPart(
      dimension,
      sql`
        select x.key as k, x.day as d, m.*
        from unnest(${of.map((k) => k.key)}::text[], ${of.map((k) => k.day)}::date[]) as x(key, day)
        -- Each day an index range of its own: as a join, the planner guessed thousands of rows per
        -- day and scanned the whole table (550 ms a batch at 1M cases). OFFSET 0 keeps the
        -- lateral subquery from being flattened back into that join.
        cross join lateral (
          select * from case_metrics
          where ${matchesKey(dimension)} and received_at >= (x.day::timestamp at time zone ${tz}) and received_at < ((x.day + 1)::timestamp at time zone ${tz})
          offset 0) m`,
    ).execute(db);
  }
}

/** Rebuilds every day from `case_metrics`, cut in `timeZone`. */
export async function rebuildDays(db: Kysely<Database>, timeZone: string): Promise<void> {
  await sql`truncate case_metrics_daily`.execute(db);
  for (const dimension of ['department', 'street'] as const) {
    await storedPart(dimension, sql`select ${keyOf(dimension)} as k, ${dayOf(timeZone)} as d, * from case_metrics`).execute(db);
  }
  await sql`insert into case_metrics_daily_state (time_zone) values (${timeZone}) on conflict (id) do update set time_zone = excluded.time_zone`.execute(db);
  // Fresh statistics at once: planned on an empty table's, a month's read sorted and hashed
  // thousands of rows it expected to be three.
  await sql`analyze case_metrics_daily`.execute(db);
}

/**
 * Rebuilds the days when they were never built (the table is new on a database with metrics
 * already projected) or were cut in another time zone (the city's changed).
 */
export async function ensureDays(db: Kysely<Database>, timeZone: string): Promise<boolean> {
  const state = await db.selectFrom('case_metrics_daily_state').select('time_zone').executeTakeFirst();
  if (state?.time_zone === timeZone) return false;
  await rebuildDays(db, timeZone);
  return true;
}
