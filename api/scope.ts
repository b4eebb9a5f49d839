import { isWithin } from '../domain/jurisdictions';
import type { Directory } from '../schema/directory';
import type { Principal } from './auth';

/** The columns scope is decided on. */
export interface Placed {
  jurisdictionId: string;
  departmentId: string | null;
  assistingDepartmentIds?: readonly string[];
}

/**
 * Whether a person may see a case: street committees and supervisors see their jurisdiction and
 * everything below it, a department the cases assigned to it (as lead or assisting), admins all.
 */
export function inScope(dir: Directory, who: Principal, c: Placed): boolean {
  switch (who.role) {
    case 'admin':
      return true;
    case 'department':
      return c.departmentId === who.org || (c.assistingDepartmentIds ?? []).includes(who.org);
    case 'street':
    case 'supervisor':
      return isWithin(dir, c.jurisdictionId, who.org);
  }
}

// Per directory (read once, never changed) and root: every list and metrics request asks again.
const withinCache = new WeakMap<Directory, Map<string, string[]>>();

/** Every jurisdiction id at or below `root`: the list filter for a street committee or supervisor. */
export function jurisdictionsWithin(dir: Directory, root: string): string[] {
  let byRoot = withinCache.get(dir);
  if (!byRoot) withinCache.set(dir, (byRoot = new Map()));
  const cached = byRoot.get(root);
  if (cached) return cached;
  const within = dir.jurisdictions.filter((j) => isWithin(dir, j.id, root)).map((j) => j.id);
  // Only the directory's own ids are kept, so unknown ids in requests cannot grow the cache.
  if (within.length > 0) byRoot.set(root, within);
  return within;
}
