/**
 * The actions on a case: Workflow Update names and the last segment of their API paths.
 * Zod-free, so the workflow can list its handlers without evaluating zod in every case.
 */
export const ACTION_NAMES = [
  'dispatch',
  'accept',
  'return',
  'contact',
  'scheduleVisit',
  'completeVisit',
  'resolve',
  'feedback',
  'pause',
  'resume',
  'escalate',
  'reassign',
  'extend',
  'package',
  'close',
  'withdraw',
  'unlinkDuplicate',
  'adoptCalendar',
  'addAttachment',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];
