import { z } from 'zod';
import { WorkingCalendar } from './calendar';
import { ServiceAttribute } from './service-attributes';

export const JURISDICTION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;

export const Jurisdiction = z.object({
  id: z.string().min(1),
  parentId: z.string().nullable(),
  level: z.enum(JURISDICTION_LEVELS),
  name: z.string().min(1),
  nameZh: z.string().min(1),
  /** Who takes a case escalated to this jurisdiction's level ("package" responsibility). */
  leader: z.string().min(1).optional(),
});

export const Department = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nameZh: z.string().min(1),
  jurisdictionId: z.string().min(1),
  /** The body that supervises this department: a complaint about it goes there, never to it. */
  supervisedBy: z.string().min(1).optional(),
});

export const Category = z.object({
  id: z.string().min(1),
  parentId: z.string().nullable(),
  name: z.string().min(1),
  nameZh: z.string().min(1),
  /** Chinese and English terms; a term prefixed "+" weighs double. */
  keywords: z.array(z.string().min(1)).default([]),
  /** What the category asks of a reporter (Open311 service attributes); none by default. */
  attributes: z.array(ServiceAttribute).optional(),
});

export const RoutingRule = z.object({
  id: z.string().min(1),
  /** Matches this category and its sub-categories. */
  categoryId: z.string().min(1),
  /** Matches this jurisdiction and every jurisdiction below it. */
  jurisdictionId: z.string().min(1),
  leadDepartmentId: z.string().min(1),
  /** Tried in order when the lead department has returned the case. */
  fallbackDepartmentIds: z.array(z.string()).default([]),
  assistingDepartmentIds: z.array(z.string()).default([]),
});

export const Directory = z
  .object({
    city: z.object({ id: z.string(), name: z.string(), nameZh: z.string(), timeZone: z.string() }),
    jurisdictions: z.array(Jurisdiction).min(1),
    departments: z.array(Department).min(1),
    categories: z.array(Category).min(1),
    routingRules: z.array(RoutingRule),
    /** Counts deadlines of policies whose calendar is "working". */
    calendar: WorkingCalendar.optional(),
    /** How the monthly ranking weighs the three rates hotlines rank on; the city sets it. */
    ranking: z
      .object({ weights: z.object({ response: z.number().min(0), resolution: z.number().min(0), satisfaction: z.number().min(0) }) })
      .default({ weights: { response: 1, resolution: 1, satisfaction: 1 } }),
  })
  .superRefine((dir, ctx) => {
    const jurisdictions = new Set(dir.jurisdictions.map((j) => j.id));
    const departments = new Set(dir.departments.map((d) => d.id));
    const categories = new Set(dir.categories.map((c) => c.id));
    const check = (ok: boolean, path: (string | number)[], message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path, message });
    };
    dir.jurisdictions.forEach((j, i) =>
      check(j.parentId === null || jurisdictions.has(j.parentId), ['jurisdictions', i, 'parentId'], `unknown jurisdiction ${j.parentId}`),
    );
    dir.departments.forEach((d, i) => {
      check(jurisdictions.has(d.jurisdictionId), ['departments', i, 'jurisdictionId'], `unknown jurisdiction ${d.jurisdictionId}`);
      if (d.supervisedBy !== undefined) {
        check(departments.has(d.supervisedBy), ['departments', i, 'supervisedBy'], `unknown department ${d.supervisedBy}`);
        check(d.supervisedBy !== d.id, ['departments', i, 'supervisedBy'], 'a department cannot supervise itself');
      }
    });
    dir.categories.forEach((c, i) =>
      check(c.parentId === null || categories.has(c.parentId), ['categories', i, 'parentId'], `unknown category ${c.parentId}`),
    );
    dir.routingRules.forEach((r, i) => {
      check(categories.has(r.categoryId), ['routingRules', i, 'categoryId'], `unknown category ${r.categoryId}`);
      check(jurisdictions.has(r.jurisdictionId), ['routingRules', i, 'jurisdictionId'], `unknown jurisdiction ${r.jurisdictionId}`);
      for (const [field, ids] of [
        ['leadDepartmentId', [r.leadDepartmentId]],
        ['fallbackDepartmentIds', r.fallbackDepartmentIds],
        ['assistingDepartmentIds', r.assistingDepartmentIds],
      ] as const) {
        ids.forEach((id) => check(departments.has(id), ['routingRules', i, field], `unknown department ${id}`));
      }
    });
  });
export type Directory = z.infer<typeof Directory>;
export type DirectoryInput = z.input<typeof Directory>;
export type Jurisdiction = z.infer<typeof Jurisdiction>;
export type Category = z.infer<typeof Category>;
export type RoutingRule = z.infer<typeof RoutingRule>;
