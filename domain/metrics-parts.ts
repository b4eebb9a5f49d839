import { ADDITIVE_COUNTS, countFacts, percentile, withRates, type AdditiveCounts, type CaseFacts, type MetricsSummary } from './case-metrics';

/**
 * The figures of a set of cases in a form that merges: counts, plus what cannot be summed kept as
 * values. A day of a department is one part; a month is the merge of its days. Backlog depends on
 * the clock, so open cases keep their backlog instants and are counted at each `now`.
 */
export interface MetricsPart extends AdditiveCounts {
  /** Escalations that reached level i+1 at index i. */
  escalations: number[];
  /** Times from report to first resolution, in any order. */
  resolveMs: ArrayLike<number>;
  /** The backlog instants (epoch ms) of the cases still open. */
  backlogAt: ArrayLike<number>;
}

/** The part of cases folded in memory: what the database's aggregate must equal. */
export function partOf(facts: readonly CaseFacts[]): MetricsPart {
  const escalations: number[] = [];
  for (const f of facts) for (const [level, n] of Object.entries(f.escalationsByLevel)) escalations[Number(level) - 1] = (escalations[Number(level) - 1] ?? 0) + n;
  return {
    ...countFacts(facts),
    escalations: Array.from(escalations, (n) => n ?? 0),
    resolveMs: facts.flatMap((f) => (f.resolveMs === null ? [] : [f.resolveMs])).sort((a, b) => a - b),
    backlogAt: facts.flatMap((f) => (!f.closed && f.backlogAt !== null ? [f.backlogAt] : [])),
  };
}

/** The summary of the union of parts at `now`: exact, medians included. */
export function summarizeParts(parts: readonly MetricsPart[], now: number): MetricsSummary {
  const counts = Object.fromEntries(ADDITIVE_COUNTS.map((k) => [k, parts.reduce((n, p) => n + p[k], 0)])) as AdditiveCounts;
  const escalationsByLevel: Record<string, number> = {};
  for (const p of parts) p.escalations.forEach((n, i) => n > 0 && (escalationsByLevel[String(i + 1)] = (escalationsByLevel[String(i + 1)] ?? 0) + n));
  // A typed array sorts numbers natively, without a comparator: a month is ~100,000 values.
  const times = new Float64Array(parts.reduce((n, p) => n + p.resolveMs.length, 0));
  let at = 0;
  for (const p of parts) times.set(p.resolveMs, (at += p.resolveMs.length) - p.resolveMs.length);
  times.sort();
  let backlog = 0;
  for (const p of parts) for (let i = 0; i < p.backlogAt.length; i++) if (p.backlogAt[i]! <= now) backlog++;
  const sorted = times as unknown as readonly number[];
  return withRates({ ...counts, backlog, escalationsByLevel }, { median: percentile(sorted, 50), p90: percentile(sorted, 90) });
}
