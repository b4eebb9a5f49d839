import type { Actor } from '../schema/actor';
import type { AttachmentInput, AttachmentStage } from '../schema/attachments';
import type { CaseState, CaseStatus } from '../schema/case-state';
import type { CaseRuleCode } from './errors';

/** The statuses in which the assigned department adds photos of its visits and of the fix. */
export const HANDLING: readonly CaseStatus[] = ['accepted', 'visit_scheduled', 'resolved'];

/** Where a file goes when the uploader names no stage: a department's to its visit or the resolution, anyone else's to the report. */
export function attachmentStage(actor: Actor, input: Pick<AttachmentInput, 'stage' | 'visitId'>): AttachmentStage {
  if (input.stage) return input.stage;
  if (input.visitId !== undefined) return 'visit';
  return actor.role === 'department' ? 'resolution' : 'report';
}

/**
 * Why this file may not go on the case at that stage, beyond the table of actions' who and when
 * (street committees and supervisors add to the report; the assigned department, once it has
 * accepted, to a visit or the resolution); null when it may. `decide` and the API (before it
 * stores any byte) ask the same question.
 */
export function attachmentRuleBreak(s: CaseState, actor: Actor, input: Pick<AttachmentInput, 'stage' | 'visitId'>): { code: CaseRuleCode; message: string } | null {
  const stage = attachmentStage(actor, input);
  const admin = actor.role === 'admin';
  if (stage === 'report' && !admin && actor.role !== 'street' && actor.role !== 'supervisor') {
    return { code: 'forbidden', message: 'files of the report are added by the street committee or a supervisor; a department adds them to a visit or the resolution' };
  }
  if (stage !== 'report' && !admin && actor.role !== 'department') {
    return { code: 'forbidden', message: `files of the ${stage} are added by the department that handles the case` };
  }
  if (stage !== 'report' && !HANDLING.includes(s.status)) {
    return { code: 'invalid_state', message: `files of the ${stage} are added once the department has accepted the case (it is ${s.status})` };
  }
  if (stage === 'visit') {
    if (input.visitId === undefined) return { code: 'invalid_input', message: 'a file of a visit names the visit: visitId' };
    if (!s.visits.some((v) => v.id === input.visitId)) return { code: 'invalid_input', message: `no visit ${input.visitId} on this case` };
  } else if (input.visitId !== undefined) {
    return { code: 'invalid_input', message: `visitId goes with stage visit, not ${stage}` };
  }
  return null;
}
