import type { Directory } from '../schema/directory';
import type { CaseEvent } from '../schema/events';
import { escalationTarget, jurisdictionLadder } from './jurisdictions';

export interface Notification {
  /** Stable per event and recipient, so writing it twice stores it once. */
  id: string;
  eventId: string;
  kind: CaseEvent['type'];
  /** A department's people, a jurisdiction's supervisors, or the resident of the case (recipientId: the case id). */
  recipientKind: 'department' | 'supervisors' | 'resident';
  recipientId: string;
  payload: Record<string, unknown>;
}

export interface NotificationContext {
  caseId: string;
  jurisdictionId: string;
  departmentId: string | null;
}

/**
 * Who must hear of an event: the department of a new assignment (lead and assisting) or of a
 * warning, the supervisors an escalation reaches. The relay (notifications/) turns each into
 * deliveries to that organisation's people.
 */
export function notificationsFor(dir: Directory, ctx: NotificationContext, event: CaseEvent): Notification[] {
  const to = (recipientKind: Notification['recipientKind'], recipientId: string | null | undefined, payload: Record<string, unknown>): Notification[] =>
    recipientId
      ? [{ id: `${event.eventId}:${recipientKind}:${recipientId}`, eventId: event.eventId, kind: event.type, recipientKind, recipientId, payload: { caseId: ctx.caseId, ...payload } }]
      : [];
  switch (event.type) {
    // The department's duty staff hear of a new assignment; an assisting department of its part.
    case 'case_assigned':
      return [
        ...to('department', event.data.departmentId, { ...event.data, role: 'lead' }),
        ...event.data.assistingDepartmentIds.flatMap((id) => to('department', id, { ...event.data, role: 'assisting' })),
      ];
    case 'deadline_warning':
      return to('department', ctx.departmentId, event.data);
    case 'case_escalated':
      return to('supervisors', escalationTarget(dir, ctx.jurisdictionId, event.data.toLevel)?.id, event.data);
    // Dispatchers sit at the district: they decide what the engine could not.
    case 'dispatch_requested':
    case 'duplicate_linked':
      return to('supervisors', districtOf(dir, ctx.jurisdictionId)?.id, event.data);
    case 'leader_assigned':
      return to('supervisors', escalationTarget(dir, ctx.jurisdictionId, 1)?.id, event.data);
    // The resident hears of the steps that concern them. Only what they may know goes along: not
    // the cadres' names, not what the department wrote; the relay finds their phone at sending.
    case 'assignment_accepted':
      return to('resident', ctx.caseId, { departmentId: event.data.departmentId });
    case 'visit_scheduled':
      return to('resident', ctx.caseId, { scheduledFor: event.data.scheduledFor });
    case 'case_resolved':
      return to('resident', ctx.caseId, { outcome: event.data.outcome });
    default:
      return [];
  }
}

function districtOf(dir: Directory, jurisdictionId: string) {
  const ladder = jurisdictionLadder(dir, jurisdictionId);
  return ladder.find((j) => j.level === 'district') ?? ladder[ladder.length - 1];
}

/** The events that went to the outbox before assignments did: cases still on the per-decision `notify` activity keep them, as their histories say. */
export const NOTIFIABLE_BEFORE_ASSIGNMENTS: ReadonlySet<CaseEvent['type']> = new Set(['deadline_warning', 'case_escalated', 'dispatch_requested', 'leader_assigned', 'duplicate_linked']);

/**
 * The events that go to the outbox. Adding one changes only what the append activity's input
 * carries for new decisions (activity inputs are not compared on replay), never which activities
 * a workflow schedules.
 */
export const NOTIFIABLE: ReadonlySet<CaseEvent['type']> = new Set([...NOTIFIABLE_BEFORE_ASSIGNMENTS, 'case_assigned', 'assignment_accepted', 'visit_scheduled', 'case_resolved']);
