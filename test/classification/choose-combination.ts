/**
 * The rule that chooses how the dictionary and the model are combined, and the threshold, on a
 * development set: fixed before any development set was scored, so that the choice cannot drift
 * towards what the figures happen to show. For each candidate, the threshold that leaves the most
 * room under both targets is taken; the candidate with the most room wins:
 *   room(t) = min(top-1 of the routed − 90%, 15% − share sent to a person)
 */
export const TARGET_ROUTED_TOP1 = 0.9;
export const TARGET_TO_PERSON = 0.15;

export interface Outcome {
  confidence: number;
  right: boolean;
}

export interface ThresholdFigures {
  threshold: number;
  routedTop1: number;
  toPerson: number;
  room: number;
}

export function atThreshold(outcomes: readonly Outcome[], threshold: number): ThresholdFigures {
  const routed = outcomes.filter((o) => o.confidence >= threshold);
  const routedTop1 = routed.length ? routed.filter((o) => o.right).length / routed.length : 0;
  const toPerson = outcomes.length ? 1 - routed.length / outcomes.length : 0;
  return { threshold, routedTop1, toPerson, room: Math.min(routedTop1 - TARGET_ROUTED_TOP1, TARGET_TO_PERSON - toPerson) };
}

/** Thresholds 0.20 to 0.95 in steps of 0.01; on a tie in room, the lower threshold (fewer to a person). */
export function bestThreshold(outcomes: readonly Outcome[]): ThresholdFigures {
  let best: ThresholdFigures | undefined;
  for (let k = 20; k <= 95; k++) {
    const f = atThreshold(outcomes, k / 100);
    if (!best || f.room > best.room + 1e-12) best = f;
  }
  return best!;
}

export interface Candidate {
  /** Weight of the dictionary's terms as training examples of the model. */
  termWeight: number;
  /** Weight of the dictionary's score against the model's log-probability; null: the dictionary alone. */
  keywordWeight: number | null;
}

export const TERM_WEIGHTS = [0, 0.3];
export const KEYWORD_WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5];

export interface CandidateFigures extends Candidate {
  top1: number;
  best: ThresholdFigures;
}

/** The candidate with the most room; on a tie the first in the order tried. */
export function chooseCandidate(figures: readonly CandidateFigures[]): CandidateFigures {
  return figures.reduce((a, b) => (b.best.room > a.best.room + 1e-12 ? b : a));
}
