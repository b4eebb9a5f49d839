import { z } from 'zod';
import { ACTION_NAMES, type ActionName } from './action-names';
import { AttachmentInput } from './attachments';
import { WorkingCalendar } from './calendar';
import { Step, Urgency } from './policy';
import { identifier, storableString, storableUrl, text } from './text';

export const CHANNELS = ['street_committee', 'hotline', 'visit', 'online', 'grid'] as const;
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;

const instant = z.iso.datetime({ offset: true });

/** What a street committee (or a supervisor) submits for a resident. */
export const CaseReport = z.object({
  title: text(200).optional(),
  description: text(5000),
  location: z.object({
    jurisdictionId: identifier(),
    address: text(500).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
  }),
  reporter: z
    .object({ name: text(100).optional(), phone: text(40).optional(), anonymous: z.boolean().default(false) })
    .default({ anonymous: true }),
  channel: z.enum(CHANNELS).default('street_committee'),
  urgency: Urgency.default('normal'),
  attachments: z.array(z.object({ url: storableUrl(), kind: text(40) })).max(20).default([]),
  /** A complaint about a department's own conduct: the case is never routed to it, shown to it or listed for it. */
  complaintAbout: identifier().optional().describe('the department the complaint is about; it goes to the body that supervises that department'),
});
export type CaseReport = z.infer<typeof CaseReport>;
export type CaseReportInput = z.input<typeof CaseReport>;

/**
 * The body of each action on a case, one per name of ACTION_NAMES (`satisfies` makes the
 * compiler hold the two to the same keys).
 */
export const ActionInputs = {
  dispatch: z.object({ categoryId: identifier(), departmentId: identifier() }),
  accept: z.object({}),
  return: z.object({ reason: text(1000) }),
  contact: z.object({ note: text(2000) }),
  scheduleVisit: z.object({ scheduledFor: instant, cadres: z.array(text(100)).min(1).max(20) }),
  completeVisit: z.object({ visitId: identifier(), findings: text(4000) }),
  resolve: z.object({ summary: text(4000), outcome: z.enum(['resolved', 'explained']) }),
  feedback: z.object({ rating: Rating, comment: text(2000).optional() }),
  pause: z.object({ reason: text(1000) }),
  resume: z.object({ reason: text(1000).optional() }),
  escalate: z.object({ reason: text(1000) }),
  reassign: z.object({ departmentId: identifier(), reason: text(1000).optional() }),
  extend: z
    .object({ step: Step, until: instant.optional(), by: storableString().max(40).optional(), reason: text(1000) })
    .refine((v) => (v.until === undefined) !== (v.by === undefined), {
      message: 'give exactly one of until (an instant) or by (an ISO 8601 duration)',
      path: ['until'],
    })
    // The refinement in JSON Schema, for the OpenAPI document and the workflow's own check.
    .meta({ oneOf: [{ required: ['until'] }, { required: ['by'] }] }),
  package: z.object({ leader: text(100), reason: text(1000).optional() }),
  close: z.object({ reason: text(1000) }),
  withdraw: z.object({ reason: text(1000) }),
  unlinkDuplicate: z.object({ reason: text(1000) }),
  /** Administrators only (the recompute command): a corrected working calendar for a running case. */
  adoptCalendar: z.object({ calendar: WorkingCalendar, reason: text(1000) }),
  /** Sent by the upload route once the file is stored (api/routes/attachments.ts). */
  addAttachment: AttachmentInput,
} as const satisfies Record<ActionName, z.ZodType>;

export { ACTION_NAMES, type ActionName };
export type ActionInput<A extends ActionName> = z.infer<(typeof ActionInputs)[A]>;
