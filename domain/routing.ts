import type { Route } from '../schema/automation';
import type { Directory, RoutingRule } from '../schema/directory';
import { jurisdictionLadder } from './jurisdictions';

function categoryLine(dir: Directory, categoryId: string): string[] {
  const byId = new Map(dir.categories.map((c) => [c.id, c]));
  const line: string[] = [];
  for (let c = byId.get(categoryId); c && !line.includes(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) line.push(c.id);
  return line;
}

/**
 * The most specific rule for a category and jurisdiction (the sub-category before its parent,
 * the nearest jurisdiction before those above it), skipping departments that returned the case.
 */
export function route(dir: Directory, categoryId: string, jurisdictionId: string, excludeDepartmentIds: readonly string[] = []): Route {
  const jurisdictions = jurisdictionLadder(dir, jurisdictionId).map((j) => j.id);
  for (const cat of categoryLine(dir, categoryId)) {
    for (const jur of jurisdictions) {
      for (const rule of dir.routingRules.filter((r) => r.categoryId === cat && r.jurisdictionId === jur)) {
        const departmentId = candidates(rule).find((d) => !excludeDepartmentIds.includes(d));
        if (departmentId) {
          return {
            departmentId,
            assistingDepartmentIds: rule.assistingDepartmentIds.filter((d) => d !== departmentId),
            rule: rule.id,
          };
        }
      }
    }
  }
  return { departmentId: null, assistingDepartmentIds: [], rule: null };
}

const candidates = (rule: RoutingRule) => [rule.leadDepartmentId, ...rule.fallbackDepartmentIds];
