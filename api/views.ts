import { z } from 'zod';
import { caseAttachmentItems, CaseAttachmentItem } from '../attachments/view';
import { allowedActions } from '../domain/action-table';
import { isBacklog } from '../domain/case-metrics';
import { deadlines, isOverdue } from '../domain/deadlines';
import { Actor } from '../schema/actor';
import { CaseStatus, type CaseState } from '../schema/case-state';
import { ACTION_NAMES, CaseReport, CHANNELS, Rating } from '../schema/commands';
import { OUTCOMES, Suggestion } from '../schema/events';
import { Step, Urgency } from '../schema/policy';
import type { StoredEvent } from '../store/read-events';
import type { Principal } from './auth';

const iso = z.iso.datetime({ offset: true });
const toIso = (ms: number) => new Date(ms).toISOString();

/** A case as the API shows it (CONTRACT.md `GET /cases/{id}`), plus what the console needs. */
export const CaseView = z
  .object({
    id: z.string(),
    number: z.string().nullable().describe('the case number people read out, e.g. 2026-000123; null for cases from before numbers'),
    title: z.string().nullable(),
    description: z.string(),
    location: CaseReport.shape.location,
    channel: z.enum(CHANNELS),
    urgency: Urgency,
    status: CaseStatus,
    categoryId: z.string().nullable(),
    classification: z.object({ confidence: z.number(), evidence: z.array(z.string()) }).nullable(),
    suggestions: z.array(Suggestion).describe('the classifier\'s ranked guesses, for a dispatcher'),
    departmentId: z.string().nullable(),
    assistingDepartmentIds: z.array(z.string()),
    escalationLevel: z.number().int(),
    leader: z.string().nullable(),
    duplicateOf: z.string().nullable().describe('the open case this one duplicates, while linked'),
    complaintAbout: z.string().nullable().describe('the department this complaint is about: it never handles the case'),
    overdue: z.boolean(),
    backlog: z.boolean().describe('still open past the policy\'s backlog limit'),
    backlogAt: iso.nullable(),
    deadlines: z.array(z.object({ step: Step, dueAt: iso, warned: z.boolean(), missed: z.boolean(), paused: z.boolean() })),
    paused: z.boolean(),
    totalPausedMs: z.number(),
    contacted: z.boolean(),
    returnCount: z.number().int(),
    reopenCount: z.number().int(),
    visits: z.array(z.object({ id: z.string(), scheduledFor: z.string(), cadres: z.array(z.string()), findings: z.string().nullable(), completedAt: iso.nullable() })),
    resolution: z.object({ summary: z.string(), outcome: z.enum(['resolved', 'explained']) }).nullable(),
    feedback: z.object({ rating: Rating, comment: z.string().optional() }).nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    attachments: z.array(CaseAttachmentItem).describe('links given at submission ({url, kind}), then the files stored with the case (GET /v1/cases/{id}/attachments)'),
    reporter: CaseReport.shape.reporter.unwrap().optional().describe('only for street committees and departments, who contact the resident'),
    policyVersion: z.string(),
    calendarVersion: z.string().nullable().describe('the working calendar deadlines count in; null: around the clock'),
    createdAt: iso,
    updatedAt: iso,
    closedAt: iso.nullable(),
    allowedActions: z.array(z.enum(ACTION_NAMES)).describe('the actions you may take on the case now; any other is refused (403 or 409)'),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseView>;

/** One case in full: also the cases linked to it as duplicates. */
export const CaseDetail = CaseView.extend({ duplicates: z.array(z.string()).describe('cases linked to this one as duplicates') }).meta({ id: 'CaseDetail' });

/** An action's answer: what the case became, and the id of a visit it scheduled. */
export const ActionResult = CaseView.extend({ visitId: z.string().optional() }).meta({ id: 'ActionResult' });

/** Who handles the resident directly, and so sees their contact details. */
const SEES_REPORTER: readonly Principal['role'][] = ['street', 'department'];

export function toCaseView(s: CaseState, who: Principal, now = Date.now()): CaseView {
  const report = s.report!;
  return {
    id: s.caseId,
    number: s.number ?? null,
    title: report.title ?? null,
    description: report.description,
    location: report.location,
    channel: report.channel,
    urgency: report.urgency,
    status: s.status,
    categoryId: s.categoryId,
    classification: s.classification,
    suggestions: s.suggestions,
    departmentId: s.departmentId,
    assistingDepartmentIds: s.assistingDepartmentIds,
    escalationLevel: s.escalationLevel,
    leader: s.leader,
    duplicateOf: s.duplicateOf ?? null,
    complaintAbout: report.complaintAbout ?? null,
    overdue: isOverdue(s),
    backlog: isBacklog(s, now),
    backlogAt: s.backlogAt === null || s.backlogAt === undefined ? null : toIso(s.backlogAt),
    deadlines: deadlines(s).map((d) => ({ ...d, dueAt: toIso(d.dueAt) })),
    paused: s.pausedSince !== null,
    totalPausedMs: s.totalPausedMs,
    contacted: s.contacted,
    returnCount: s.returnCount,
    reopenCount: s.reopenCount,
    visits: s.visits.map((v) => ({ ...v, completedAt: v.completedAt === null ? null : toIso(v.completedAt) })),
    resolution: s.resolution,
    feedback: s.feedback,
    outcome: s.outcome,
    attachments: caseAttachmentItems(s.caseId, report.attachments, s.attachments),
    ...(SEES_REPORTER.includes(who.role) && !report.reporter.anonymous ? { reporter: report.reporter } : {}),
    policyVersion: s.policy?.version ?? 'unknown',
    calendarVersion: s.calendar?.version ?? null,
    createdAt: toIso(s.createdAt ?? 0),
    updatedAt: toIso(s.updatedAt ?? s.createdAt ?? 0),
    closedAt: s.closedAt === null ? null : toIso(s.closedAt),
    allowedActions: allowedActions(s, who),
  };
}

export const EventView = z
  .object({ seq: z.number().int(), type: z.string(), at: iso, actor: Actor, data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'CaseEvent' });
export type EventView = z.infer<typeof EventView>;

export function toEventView(e: StoredEvent, who: Principal): EventView {
  let data = e.event.data as Record<string, unknown>;
  // The report inside case_reported carries the resident's contact details: same rule as the case.
  if (e.event.type === 'case_reported' && !SEES_REPORTER.includes(who.role)) {
    const { report } = e.event.data;
    data = { ...e.event.data, report: { ...report, reporter: { anonymous: report.reporter.anonymous } } };
  }
  return { seq: e.seq, type: e.event.type, at: toIso(e.event.at), actor: e.event.actor, data };
}
