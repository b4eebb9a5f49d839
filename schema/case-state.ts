import { z } from 'zod';
import { CaseAttachment } from './attachments';
import { CaseReport, Rating } from './commands';
import { OUTCOMES, Suggestion } from './events';
import { WorkingCalendar } from './calendar';
import { LadderRung } from './ladder';
import { CasePolicy, Step } from './policy';

export const STATUSES = [
  'reported',
  'awaiting_dispatch',
  'assigned',
  'accepted',
  'visit_scheduled',
  'resolved',
  'closed',
] as const;
export const CaseStatus = z.enum(STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** The clock of one waiting step. Instants are epoch milliseconds. */
export const StepClock = z.object({
  startedAt: z.number(),
  allowanceMs: z.number(),
  pausedMs: z.number(),
  extendedMs: z.number(),
  warned: z.boolean(),
  missed: z.boolean(),
  /** Escalations this step's lateness has caused since it was last (re)started or extended. */
  escalations: z.number().int(),
});
export type StepClock = z.infer<typeof StepClock>;

export const Visit = z.object({
  id: z.string(),
  scheduledFor: z.string(),
  cadres: z.array(z.string()),
  findings: z.string().nullable(),
  completedAt: z.number().nullable(),
});

/** Everything known about a case: the fold of its events. */
export const CaseState = z.object({
  caseId: z.string(),
  /** The case number people read out (2026-000123); absent on cases reported before numbers existed. */
  number: z.string().nullable().optional(),
  /** Number of events folded in: the expected version of the next append. */
  version: z.number().int(),
  status: CaseStatus,
  report: CaseReport.nullable(),
  policy: CasePolicy.nullable(),
  categoryId: z.string().nullable(),
  classification: z.object({ confidence: z.number(), evidence: z.array(z.string()) }).nullable(),
  suggestions: z.array(Suggestion),
  departmentId: z.string().nullable(),
  assistingDepartmentIds: z.array(z.string()),
  /** Departments that returned the case: never routed back to them. */
  returnedBy: z.array(z.string()),
  returnCount: z.number().int(),
  reopenCount: z.number().int(),
  escalationLevel: z.number().int(),
  /** Who is above the case, level by level (recorded with the report). */
  ladder: z.array(LadderRung),
  /** The open case this one duplicates, while linked to it. */
  duplicateOf: z.string().nullable(),
  /** A supervisor unlinked it once: it is not checked for duplicates again. */
  duplicateUnlinked: z.boolean(),
  /** The working calendar deadlines count in, recorded with the report; null: around the clock. */
  calendar: WorkingCalendar.nullable(),
  leader: z.string().nullable(),
  contacted: z.boolean(),
  visits: z.array(Visit),
  resolution: z.object({ summary: z.string(), outcome: z.enum(['resolved', 'explained']) }).nullable(),
  feedback: z.object({ rating: Rating, comment: z.string().optional() }).nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  pausedSince: z.number().nullable(),
  totalPausedMs: z.number(),
  steps: z.partialRecord(Step, StepClock),
  createdAt: z.number().nullable(),
  /** When the case becomes a backlog case if it is still open. */
  backlogAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  /** Files stored with the case (attachment_added); absent on cases that never had one. */
  attachments: z.array(CaseAttachment).optional(),
});
export type CaseState = z.infer<typeof CaseState>;
