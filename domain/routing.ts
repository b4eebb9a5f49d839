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
 * Where a complaint about a department goes instead of the rules' choice: the body the directory
 * says supervises it, unless that body is itself excluded (it returned the case); else a
 * dispatcher decides. A department is never routed a complaint about itself, nor asked to assist.
 */
export function routeComplaint(dir: Directory, about: string, route: Route, excludeDepartmentIds: readonly string[]): Route {
  const assisting = route.assistingDepartmentIds.filter((d) => d !== about);
  if (route.departmentId !== about) return { ...route, assistingDepartmentIds: assisting };
  const supervisor = dir.departments.find((d) => d.id === about)?.supervisedBy;
  if (!supervisor || excludeDepartmentIds.includes(supervisor)) return { departmentId: null, assistingDepartmentIds: [], rule: null };
  return { departmentId: supervisor, assistingDepartmentIds: assisting.filter((d) => d !== supervisor), rule: `supervision-of:${about}` };
}

/**
 * The most specific rule for a category and jurisdiction (the sub-category before its parent,
 * the nearest jurisdiction before those above it), skipping departments that returned the case.
 * A complaint about a department (`complaintAbout`) is never routed to it (routeComplaint).
 */
export function route(dir: Directory, categoryId: string, jurisdictionId: string, excludeDepartmentIds: readonly string[] = [], complaintAbout?: string): Route {
  const chosen = routeByRules(dir, categoryId, jurisdictionId, excludeDepartmentIds);
  return complaintAbout ? routeComplaint(dir, complaintAbout, chosen, excludeDepartmentIds) : chosen;
}

function routeByRules(dir: Directory, categoryId: string, jurisdictionId: string, excludeDepartmentIds: readonly string[]): Route {
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
