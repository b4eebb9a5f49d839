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

/** Every jurisdiction id at or below `root`: the list filter for a street committee or supervisor. */
export function jurisdictionsWithin(dir: Directory, root: string): string[] {
  return dir.jurisdictions.filter((j) => isWithin(dir, j.id, root)).map((j) => j.id);
}
