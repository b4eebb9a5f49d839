import { z } from 'zod';
import { IsoDuration } from './duration';

export const STEPS = ['dispatch', 'accept', 'contact', 'visit', 'resolve', 'feedback'] as const;
export const Step = z.enum(STEPS);
export type Step = z.infer<typeof Step>;

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const StepDeadlines = z.object({
  dispatch: IsoDuration,
  accept: IsoDuration,
  contact: IsoDuration,
  visit: IsoDuration,
  resolve: IsoDuration,
  feedback: IsoDuration,
});

export const CasePolicy = z.object({
  /** Cases record the version they started with; changing the file affects new cases only. */
  version: z.string().min(1).default('builtin-1'),
  calendar: z.enum(['24x7', 'working']).default('24x7'),
  /** Emergencies do not wait for office hours unless the policy says so. */
  emergencyCalendar: z.enum(['24x7', 'working']).default('24x7'),
  deadlines: z.object({ normal: StepDeadlines, urgent: StepDeadlines, emergency: StepDeadlines }),
  warnAt: z.number().gt(0).lt(1).default(0.75),
  maxReturns: z.number().int().min(0).default(2),
  maxReopens: z.number().int().min(0).default(2),
  escalationLevels: z.number().int().min(1).max(10).default(5),
  /**
   * After a missed deadline, escalate one level more each time a further allowance of the step
   * passes, up to `escalationLevels`. Absent from policies recorded before it existed: off.
   */
  repeatEscalation: z.boolean().default(true),
  /** The escalation level at which that level's leader takes the case ("package" responsibility); null: never by itself. */
  leaderAtLevel: z.number().int().min(1).max(10).nullable().default(3),
  /** A case still open this long after it was reported is a backlog case. */
  backlogAfter: z
    .object({ normal: IsoDuration, urgent: IsoDuration, emergency: IsoDuration })
    .default({ normal: 'P15D', urgent: 'P7D', emergency: 'P3D' }),
  /**
   * A new case of the same category at the same address, or within `duplicateDistanceM`, of a
   * case still open and reported within this window is linked to it instead of dispatched
   * twice. Null: no duplicate check (and policies recorded before it existed have none).
   */
  duplicateWindow: IsoDuration.nullable().default('P14D'),
  duplicateDistanceM: z.number().positive().default(100),
  /** Classifications below this confidence go to a dispatcher instead of being routed. */
  autoRouteConfidence: z.number().min(0).max(1).default(0.5),
});
export type CasePolicy = z.infer<typeof CasePolicy>;
export type CasePolicyInput = z.input<typeof CasePolicy>;

/** Whether a case of this urgency counts its deadlines in working time. */
export function countsWorkingTime(policy: CasePolicy, urgency: Urgency): boolean {
  return (urgency === 'emergency' ? policy.emergencyCalendar : policy.calendar) === 'working';
}
