import type { Directory, Jurisdiction } from '../schema/directory';
import type { LadderRung } from '../schema/ladder';

/** The jurisdiction and every one above it, nearest first: the escalation ladder. */
export function jurisdictionLadder(dir: Directory, jurisdictionId: string): Jurisdiction[] {
  const byId = jurisdictionsById(dir);
  const ladder: Jurisdiction[] = [];
  for (let j = byId.get(jurisdictionId); j && !ladder.includes(j); j = j.parentId ? byId.get(j.parentId) : undefined) ladder.push(j);
  return ladder;
}

// A directory is read once and never changed; projections look up millions of cases in it.
const indexes = new WeakMap<Directory, Map<string, Jurisdiction>>();
function jurisdictionsById(dir: Directory): Map<string, Jurisdiction> {
  let byId = indexes.get(dir);
  if (!byId) indexes.set(dir, (byId = new Map(dir.jurisdictions.map((j) => [j.id, j]))));
  return byId;
}

/** The street a jurisdiction lies in; a case reported above street level counts under its own jurisdiction. */
export function streetOf(dir: Directory, jurisdictionId: string): string {
  return jurisdictionLadder(dir, jurisdictionId).find((j) => j.level === 'street')?.id ?? jurisdictionId;
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

/** The rungs above a jurisdiction for `levels` escalation levels, with each level's leader if the directory names one. */
export function escalationLadder(dir: Directory, jurisdictionId: string, levels: number): LadderRung[] {
  const rungs: LadderRung[] = [];
  for (let level = 1; level <= levels; level++) {
    const j = escalationTarget(dir, jurisdictionId, level);
    if (j) rungs.push({ level, jurisdictionId: j.id, leader: j.leader ?? null });
  }
  return rungs;
}
