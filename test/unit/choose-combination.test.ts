import { describe, expect, it } from 'vitest';
import { atThreshold, bestThreshold, chooseCandidate, type CandidateFigures } from '../classification/choose-combination';

const outcomes = [
  ...Array.from({ length: 80 }, () => ({ confidence: 0.9, right: true })),
  ...Array.from({ length: 5 }, () => ({ confidence: 0.9, right: false })),
  ...Array.from({ length: 5 }, () => ({ confidence: 0.5, right: true })),
  ...Array.from({ length: 10 }, () => ({ confidence: 0.3, right: false })),
];

describe('choosing the threshold and the combination on a development set', () => {
  it('measures the routed cases\' top-1 and the share sent to a person at a threshold', () => {
    const f = atThreshold(outcomes, 0.5);
    expect(f.toPerson).toBeCloseTo(0.1, 10);
    expect(f.routedTop1).toBeCloseTo(85 / 90, 10);
    expect(f.room).toBeCloseTo(Math.min(85 / 90 - 0.9, 0.05), 10);
  });

  it('takes the threshold that leaves the most room under both targets, the lowest of equals', () => {
    const best = bestThreshold(outcomes);
    // 0.31–0.50 route 90 cases (room 4.4 points); 0.51–0.90 route 85 (to a person 15%: room 0).
    expect(best.threshold).toBe(0.31);
    expect(best.room).toBeCloseTo(85 / 90 - 0.9, 10);
  });

  it('takes the candidate with the most room, the first of equals', () => {
    const c = (keywordWeight: number, room: number): CandidateFigures => ({ termWeight: 0, keywordWeight, top1: 0.9, best: { threshold: 0.4, routedTop1: 0.9, toPerson: 0.1, room } });
    expect(chooseCandidate([c(0, 0.01), c(1, 0.04), c(2, 0.04), c(3, -0.1)]).keywordWeight).toBe(1);
  });
});
