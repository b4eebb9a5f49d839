import { rateFractions, rateOf, type Fraction, type MetricsCounts, type RateName } from './case-metrics';

export const RANKED_RATES = ['response', 'resolution', 'satisfaction'] as const;
export type RankedRate = (typeof RANKED_RATES)[number];
export type RankingWeights = Record<RankedRate, number>;
export type SortBy = 'composite' | RateName;

export interface RankingEntry {
  rank: number;
  key: string | null;
  name: string | null;
  received: number;
  /** The weighted mean of the ranked rates a group has (a rate with no denominator is left out). */
  composite: number | null;
  rates: Record<RateName, Fraction & { value: number | null }>;
}

/** The weighted mean of the three rates; a group with no rated case is judged on the other two. */
export function compositeScore(fractions: Record<RateName, Fraction>, weights: RankingWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const name of RANKED_RATES) {
    const value = rateOf(fractions[name]);
    if (value === null || weights[name] === 0) continue;
    sum += value * weights[name];
    weight += weights[name];
  }
  return weight === 0 ? null : Math.round((sum / weight) * 10_000) / 10_000;
}

/**
 * Departments or streets best first by the chosen figure, with every rate's numerator and
 * denominator so a department can check its own figures. Ties share a rank (1, 2, 2, 4); groups
 * without the figure come last, unranked order by size.
 */
export function rank(groups: readonly (MetricsCounts & { key: string | null; name: string | null })[], sortBy: SortBy, weights: RankingWeights): RankingEntry[] {
  const entries = groups.map((g) => {
    const fractions = rateFractions(g);
    const rates = Object.fromEntries(Object.entries(fractions).map(([n, f]) => [n, { ...f, value: rateOf(f) }])) as RankingEntry['rates'];
    return { rank: 0, key: g.key, name: g.name, received: g.received, composite: compositeScore(fractions, weights), rates };
  });
  const score = (e: RankingEntry) => (sortBy === 'composite' ? e.composite : e.rates[sortBy].value);
  entries.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa === null || sb === null) return sa === sb ? b.received - a.received : sa === null ? 1 : -1;
    // For the reopen rate lower is better.
    const better = sortBy === 'reopen' ? sa - sb : sb - sa;
    return better || b.received - a.received || String(a.key).localeCompare(String(b.key));
  });
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    e.rank = prev && score(prev) === score(e) ? prev.rank : i + 1;
  });
  return entries;
}
