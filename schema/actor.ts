import { z } from 'zod';

export const ROLES = ['street', 'department', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who did something: a person acting for an organisation, or the engine itself. */
export const Actor = z.object({
  sub: z.string().min(1),
  role: z.enum([...ROLES, 'system']),
  /** A jurisdiction id for street committees and supervisors, a department id for departments. */
  org: z.string().min(1),
});
export type Actor = z.infer<typeof Actor>;
