import type { Directory, Jurisdiction } from '../schema/directory';

/** The jurisdiction and every one above it, nearest first: the escalation ladder. */
export function jurisdictionLadder(dir: Directory, jurisdictionId: string): Jurisdiction[] {
  const byId = new Map(dir.jurisdictions.map((j) => [j.id, j]));
  const ladder: Jurisdiction[] = [];
  for (let j = byId.get(jurisdictionId); j && !ladder.includes(j); j = j.parentId ? byId.get(j.parentId) : undefined) ladder.push(j);
  return ladder;
}

/** True when `inner` is `outer` or lies below it. */
export function isWithin(dir: Directory, inner: string, outer: string): boolean {
  return jurisdictionLadder(dir, inner).some((j) => j.id === outer);
}

/**
 * Who hears of an escalation to `level`: level 1 is the supervisors of the jurisdiction the case
 * is in, each further level the next jurisdiction up, stopping at the top (the city).
 */
export function escalationTarget(dir: Directory, jurisdictionId: string, level: number): Jurisdiction | undefined {
  const ladder = jurisdictionLadder(dir, jurisdictionId).filter((j) => j.level !== 'grid');
  return ladder[Math.min(Math.max(level, 1), ladder.length) - 1];
}
