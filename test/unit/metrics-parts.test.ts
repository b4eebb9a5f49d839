import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize, type CaseFacts } from '../../domain/case-metrics';
import { partOf, summarizeParts } from '../../domain/metrics-parts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-01T00:00:00Z');

const facts: fc.Arbitrary<CaseFacts> = fc
  .record({
    closed: fc.boolean(),
    backlogAt: fc.option(fc.integer({ min: NOW - 10 * HOUR, max: NOW + 10 * HOUR })),
    accepted: fc.boolean(),
    onTime: fc.boolean(),
    resolveMs: fc.option(fc.integer({ min: 0, max: 400 * HOUR })),
    rating: fc.constantFrom(null, 'satisfied', 'basically_satisfied', 'unsatisfied'),
    reopened: fc.boolean(),
    overdue: fc.boolean(),
    levels: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }),
    visits: fc.nat(3),
  })
  .map((r) => {
    const escalationsByLevel: Record<number, number> = {};
    for (const l of r.levels) escalationsByLevel[l] = (escalationsByLevel[l] ?? 0) + 1;
    return {
      caseId: 'c',
      jurisdictionId: 'xihu',
      receivedAt: NOW - 100 * HOUR,
      closed: r.closed,
      backlogAt: r.backlogAt,
      departmentId: 'd',
      accepted: r.accepted,
      acceptedOnTime: r.accepted && r.onTime,
      contacted: r.accepted,
      contactedOnTime: r.accepted && r.onTime,
      resolved: r.resolveMs !== null,
      resolvedOnTime: r.resolveMs !== null && r.onTime,
      rating: r.rating,
      reopened: r.reopened,
      overdue: r.overdue,
      backlog: !r.closed && r.backlogAt !== null && NOW >= r.backlogAt,
      escalationsByLevel,
      visits: r.visits,
      resolveMs: r.resolveMs,
    } satisfies CaseFacts;
  });

describe('metrics parts', () => {
  it('merged in any split, summarise exactly as the fold of all the cases (medians and backlog at now included)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(facts, fc.nat(4)), { maxLength: 40 }), (tagged) => {
        const all = tagged.map(([f]) => f);
        const split = [0, 1, 2, 3, 4].map((i) => partOf(tagged.filter(([, p]) => p === i).map(([f]) => f)));
        expect(summarizeParts(split, NOW)).toEqual(summarize(all));
      }),
      { numRuns: 300 },
    );
  });

  it('counts backlog against the clock it is given, not when the part was made', () => {
    const part = partOf([{ ...fc.sample(facts, { numRuns: 1, seed: 7 })[0]!, closed: false, backlogAt: NOW + HOUR }]);
    expect(summarizeParts([part], NOW).backlog).toBe(0);
    expect(summarizeParts([part], NOW + HOUR).backlog).toBe(1);
  });

  it('takes the nearest-rank median and p90 over every part\'s resolve times', () => {
    const parts = [
      { ...partOf([]), resolved: 2, resolveMs: [1, 9] },
      { ...partOf([]), resolved: 3, resolveMs: [2, 3, 10] },
    ];
    expect(summarizeParts(parts, NOW).timeToResolveMs).toEqual({ median: 3, p90: 10 });
    expect(summarizeParts([], NOW).timeToResolveMs).toEqual({ median: null, p90: null });
  });
});
