import { describe, expect, it } from 'vitest';
import { rateFractions, type MetricsCounts } from '../../domain/case-metrics';
import { compositeScore, rank } from '../../domain/ranking';

const counts = (key: string, c: Partial<MetricsCounts>) => ({
  key,
  name: key,
  received: 0,
  accepted: 0,
  acceptedOnTime: 0,
  contacted: 0,
  contactedOnTime: 0,
  resolved: 0,
  resolvedOnTime: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  unsatisfied: 0,
  reopened: 0,
  overdue: 0,
  backlog: 0,
  escalationsByLevel: {},
  visits: 0,
  ...c,
});
const equal = { response: 1, resolution: 1, satisfaction: 1 };

describe('ranking', () => {
  it('weighs the three rates as the city sets them, leaving out a rate without a denominator', () => {
    const f = rateFractions(counts('a', { received: 10, acceptedOnTime: 9, resolved: 5, satisfied: 1, unsatisfied: 1 }));
    expect(compositeScore(f, equal)).toBe(0.6333);
    expect(compositeScore(f, { response: 0.1, resolution: 0.45, satisfaction: 0.45 })).toBe(0.54);
    expect(compositeScore(rateFractions(counts('b', { received: 4, acceptedOnTime: 4, resolved: 2 })), equal)).toBe(0.75);
    expect(compositeScore(rateFractions(counts('c', {})), equal)).toBeNull();
  });

  it('gives ties one rank and puts groups without the figure last', () => {
    const ranked = rank(
      [
        counts('low', { received: 10, resolved: 2 }),
        counts('none', {}),
        counts('high-small', { received: 2, resolved: 2 }),
        counts('high-big', { received: 4, resolved: 4 }),
        counts('mid', { received: 10, resolved: 5 }),
      ],
      'resolution',
      equal,
    );
    expect(ranked.map((e) => [e.rank, e.key])).toEqual([
      [1, 'high-big'],
      [1, 'high-small'],
      [3, 'mid'],
      [4, 'low'],
      [5, 'none'],
    ]);
    expect(ranked[2]!.rates.resolution).toEqual({ numerator: 5, denominator: 10, value: 0.5 });
  });

  it('ranks the reopen rate lowest first', () => {
    const ranked = rank([counts('often', { received: 4, resolved: 4, reopened: 2 }), counts('rarely', { received: 4, resolved: 4, reopened: 0 })], 'reopen', equal);
    expect(ranked.map((e) => e.key)).toEqual(['rarely', 'often']);
  });
});
