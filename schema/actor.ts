import { z } from 'zod';
import { identifier } from './text';

export const ROLES = ['street', 'department', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who did something: a person acting for an organisation, or the engine itself. */
export const Actor = z.object({
  sub: identifier(200),
  /** Staff roles; `system` for the engine itself; `resident` for the person whose problem it is, by their tracking code. */
  role: z.enum([...ROLES, 'system', 'resident']),
  /** A jurisdiction id for street committees and supervisors, a department id for departments. */
  org: identifier(200),
});
export type Actor = z.infer<typeof Actor>;
