import { z } from 'zod';
import { Suggestion } from './events';

/** What the classify activity answers: the best category, how sure, and why. */
export const Classification = z.object({
  categoryId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
  suggestions: z.array(Suggestion),
});
export type Classification = z.infer<typeof Classification>;

/** What the route activity answers: a lead department, or none when no rule fits. */
export const Route = z.object({
  departmentId: z.string().nullable(),
  assistingDepartmentIds: z.array(z.string()),
  rule: z.string().nullable(),
});
export type Route = z.infer<typeof Route>;
