import { z } from 'zod';

/**
 * One level of a case's escalation ladder: whose supervisors hear of it and, at the policy's
 * `leaderAtLevel`, which leader takes the case. Recorded with the report, so that a later
 * change to the directory does not move a running case's ladder.
 */
export const LadderRung = z.object({
  level: z.number().int().min(1),
  jurisdictionId: z.string(),
  leader: z.string().nullable(),
});
export type LadderRung = z.infer<typeof LadderRung>;
