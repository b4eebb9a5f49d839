/**
 * How sure the classifier is, from the winner's score and the best score of another branch of the
 * taxonomy: the winner's share of the evidence, with two units of prior weight for "something not
 * in the dictionary". Two rather than one because terms weigh 1 to 3: with one, a single generic
 * word (1 against 0) scored as high as a specific term with a rival (2 against 1) and the two could
 * not be told apart by any threshold; on the development set (set b) the first were right about
 * half of the time and the second three times out of four. Routing compares the result with the
 * policy's autoRouteConfidence.
 */
export const PRIOR_WEIGHT = 2;

export function confidence(best: number, rival: number): number {
  return best / (best + rival + PRIOR_WEIGHT);
}
