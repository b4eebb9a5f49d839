import { z } from 'zod';
import { Actor } from './actor';
import { AttachmentAdded } from './attachments';
import { CaseReport, Rating } from './commands';
import { WorkingCalendar } from './calendar';
import { LadderRung } from './ladder';
import { CasePolicy, Step } from './policy';

const instant = z.string(); // ISO 8601, written by the engine itself

export const DISPATCH_REASONS = ['low_confidence', 'no_route', 'return_limit', 'reopen_limit'] as const;
export const OUTCOMES = [
  'satisfied',
  'basically_satisfied',
  'unsatisfied',
  'no_feedback',
  'withdrawn',
  'closed_by_supervisor',
  'duplicate',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const Suggestion = z.object({ categoryId: z.string(), score: z.number() });

/** Every event type of CONTRACT.md with the shape of its data. */
export const EventData = {
  case_reported: z.object({
    report: CaseReport,
    policy: CasePolicy,
    ladder: z.array(LadderRung).optional(),
    calendar: WorkingCalendar.optional(),
    /** The case number; absent on cases reported before numbers existed. */
    number: z.string().optional(),
  }),
  case_classified: z.object({
    categoryId: z.string(),
    confidence: z.number(),
    evidence: z.array(z.string()),
    by: z.enum(['classifier', 'dispatcher']),
  }),
  dispatch_requested: z.object({ reason: z.enum(DISPATCH_REASONS), suggestions: z.array(Suggestion) }),
  case_assigned: z.object({
    departmentId: z.string(),
    assistingDepartmentIds: z.array(z.string()),
    categoryId: z.string(),
    by: z.enum(['routing', 'dispatcher', 'reassignment', 'reopening']),
    rule: z.string().nullable(),
  }),
  assignment_returned: z.object({ departmentId: z.string(), reason: z.string(), returnCount: z.number().int() }),
  assignment_accepted: z.object({ departmentId: z.string() }),
  resident_contacted: z.object({ note: z.string() }),
  visit_scheduled: z.object({ visitId: z.string(), scheduledFor: instant, cadres: z.array(z.string()) }),
  visit_completed: z.object({ visitId: z.string(), findings: z.string() }),
  case_resolved: z.object({ summary: z.string(), outcome: z.enum(['resolved', 'explained']) }),
  feedback_received: z.object({ rating: Rating, comment: z.string().optional() }),
  case_reopened: z.object({ reopenCount: z.number().int(), departmentId: z.string().nullable() }),
  deadline_warning: z.object({ step: Step, dueAt: instant }),
  deadline_missed: z.object({ step: Step, dueAt: instant }),
  case_escalated: z.object({
    fromLevel: z.number().int(),
    toLevel: z.number().int(),
    reason: z.enum(['deadline_missed', 'supervisor']),
    step: Step.nullable(),
    note: z.string().optional(),
  }),
  deadline_extended: z.object({ step: Step, byMs: z.number().int().positive(), dueAt: instant, reason: z.string() }),
  clock_paused: z.object({ reason: z.string() }),
  clock_resumed: z.object({ reason: z.string().optional(), pausedMs: z.number().int() }),
  leader_assigned: z.object({ leader: z.string(), reason: z.string().optional() }),
  case_withdrawn: z.object({ reason: z.string() }),
  /** Linked to an open case about the same problem at the same place (an addition to CONTRACT.md's list). */
  duplicate_linked: z.object({ duplicateOf: z.string(), sameAddress: z.boolean(), distanceM: z.number().nullable() }),
  /** A supervisor judged the link wrong: the case is routed on its own (an addition to CONTRACT.md's list). */
  duplicate_unlinked: z.object({ duplicateOf: z.string(), reason: z.string() }),
  /** A running case moved to a corrected working calendar (not in CONTRACT.md's list: an addition). */
  calendar_changed: z.object({ fromVersion: z.string().nullable(), toVersion: z.string(), calendar: WorkingCalendar, reason: z.string() }),
  case_closed: z.object({ outcome: z.enum(OUTCOMES), reason: z.string().optional() }),
  /** A photo or a PDF stored with the case: what it is and its digest, not its bytes (an addition to CONTRACT.md's list). */
  attachment_added: AttachmentAdded,
} as const;

export type EventType = keyof typeof EventData;
export const EVENT_TYPES = Object.keys(EventData) as EventType[];

/** One stored fact about a case. `at` is epoch milliseconds of the workflow's clock. */
export const CaseEvent = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) =>
    z.object({
      eventId: z.string(),
      type: z.literal(type),
      at: z.number(),
      actor: Actor,
      data: EventData[type],
    }),
  ) as unknown as [EventSchema<'case_reported'>, ...EventSchema<EventType>[]],
);
type EventSchema<T extends EventType> = z.ZodObject<{
  eventId: z.ZodString;
  type: z.ZodLiteral<T>;
  at: z.ZodNumber;
  actor: typeof Actor;
  data: (typeof EventData)[T];
}>;

export type CaseEventOf<T extends EventType> = {
  eventId: string;
  type: T;
  at: number;
  actor: Actor;
  data: z.infer<(typeof EventData)[T]>;
};
export type CaseEvent = { [T in EventType]: CaseEventOf<T> }[EventType];
