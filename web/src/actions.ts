import type { ActionName, CaseView, Role } from './api/types';
import type { MessageKey } from './i18n/en';
import { zonedToIso } from './i18n/format';
import type { FormValues } from './use-api-form';

export type { ActionName };

/** Where a field's choices come from: the directory, the case, or a fixed list of dictionary values. */
export type OptionSource = 'departments' | 'categories' | 'openVisits' | { prefix: string; values: readonly string[] };

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: 'text' | 'textarea' | 'select' | 'datetime' | 'number';
  required: boolean;
  options?: OptionSource;
}

export interface ActionSpec {
  name: ActionName;
  fields: FieldSpec[];
  /** The request body from the form's values; dates typed in the city's time zone. */
  body(values: FormValues, timeZone: string): Record<string, unknown>;
  path(caseId: string, values: FormValues): string;
  /** Checks the console can make before sending (the API checks everything again): field → message key. */
  check?(values: FormValues, timeZone: string, now: number): Record<string, MessageKey>;
}

const reason = (required: boolean): FieldSpec => ({ name: 'reason', label: 'field.reason', kind: 'textarea', required });
/** Blank optional fields are left out rather than sent empty (the API rejects empty strings). */
const pick = (values: FormValues, ...names: string[]) => Object.fromEntries(names.filter((n) => values[n]?.trim()).map((n) => [n, values[n]!.trim()]));
const simple = (name: ActionName, fields: FieldSpec[], path: string = name): ActionSpec => ({
  name,
  fields,
  body: (v) => pick(v, ...fields.map((f) => f.name)),
  path: (id) => `/v1/cases/${encodeURIComponent(id)}/${path}`,
});
const STEPS = ['dispatch', 'accept', 'contact', 'visit', 'resolve', 'feedback'] as const;

/** The actions the console has a form for; the table of actions may hold more (taken elsewhere or not yet here). */
export const ACTIONS: Partial<Record<ActionName, ActionSpec>> & Record<'dispatch' | 'accept' | 'return' | 'contact' | 'scheduleVisit' | 'completeVisit' | 'resolve' | 'feedback' | 'pause' | 'resume' | 'escalate' | 'reassign' | 'extend' | 'package' | 'close' | 'withdraw' | 'unlinkDuplicate', ActionSpec> = {
  dispatch: simple('dispatch', [
    { name: 'categoryId', label: 'field.categoryId', kind: 'select', required: true, options: 'categories' },
    { name: 'departmentId', label: 'field.departmentId', kind: 'select', required: true, options: 'departments' },
  ]),
  accept: simple('accept', []),
  return: simple('return', [reason(true)]),
  contact: simple('contact', [{ name: 'note', label: 'field.note', kind: 'textarea', required: true }]),
  scheduleVisit: {
    name: 'scheduleVisit',
    fields: [
      { name: 'scheduledFor', label: 'field.scheduledFor', kind: 'datetime', required: true },
      { name: 'cadres', label: 'field.cadres', kind: 'text', required: true },
    ],
    body: (v, tz) => ({
      // An unreadable time is sent as typed, so the API's message lands on the field.
      ...(v.scheduledFor ? { scheduledFor: zonedToIso(v.scheduledFor, tz) ?? v.scheduledFor } : {}),
      cadres: (v.cadres ?? '').split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean),
    }),
    path: (id) => `/v1/cases/${encodeURIComponent(id)}/visits`,
    // A visit is planned ahead: a time already past is a typing slip (the API would take it).
    check: (v, tz, now): Record<string, MessageKey> => {
      const at = v.scheduledFor ? zonedToIso(v.scheduledFor, tz) : null;
      return at && Date.parse(at) < now - 60_000 ? { scheduledFor: 'invalid.inPast' } : {};
    },
  },
  completeVisit: {
    name: 'completeVisit',
    fields: [
      { name: 'visitId', label: 'field.visitId', kind: 'select', required: true, options: 'openVisits' },
      { name: 'findings', label: 'field.findings', kind: 'textarea', required: true },
    ],
    body: (v) => pick(v, 'findings'),
    path: (id, v) => `/v1/cases/${encodeURIComponent(id)}/visits/${encodeURIComponent(v.visitId || '-')}/complete`,
    check: (v): Record<string, MessageKey> => (v.visitId ? {} : { visitId: 'invalid.required' }),
  },
  resolve: simple('resolve', [
    { name: 'summary', label: 'field.summary', kind: 'textarea', required: true },
    { name: 'outcome', label: 'field.outcome', kind: 'select', required: true, options: { prefix: 'outcome', values: ['resolved', 'explained'] } },
  ]),
  feedback: simple('feedback', [
    { name: 'rating', label: 'field.rating', kind: 'select', required: true, options: { prefix: 'rating', values: ['satisfied', 'basically_satisfied', 'unsatisfied'] } },
    { name: 'comment', label: 'field.comment', kind: 'textarea', required: false },
  ]),
  pause: simple('pause', [reason(true)]),
  resume: simple('resume', [reason(false)]),
  escalate: simple('escalate', [reason(true)]),
  reassign: simple('reassign', [{ name: 'departmentId', label: 'field.departmentId', kind: 'select', required: true, options: 'departments' }, reason(false)]),
  extend: {
    name: 'extend',
    fields: [
      { name: 'step', label: 'field.step', kind: 'select', required: true, options: { prefix: 'step', values: STEPS } },
      { name: 'by', label: 'field.byHours', kind: 'number', required: true },
      reason(true),
    ],
    // Hours are what a supervisor thinks in; the API takes an ISO 8601 duration.
    body: (v) => ({ ...pick(v, 'step', 'reason'), ...(v.by ? { by: `PT${Number(v.by)}H` } : {}) }),
    path: (id) => `/v1/cases/${encodeURIComponent(id)}/extend`,
    check: (v): Record<string, MessageKey> => (v.by && !(Number(v.by) > 0) ? { by: 'invalid.positive' } : {}),
  },
  package: simple('package', [{ name: 'leader', label: 'field.leader', kind: 'text', required: true }, reason(false)]),
  close: simple('close', [reason(true)]),
  withdraw: simple('withdraw', [reason(true)]),
  unlinkDuplicate: simple('unlinkDuplicate', [reason(true)], 'unlink'),
};

/** The actions with a form here, plus the file upload (its own form). */
export type OfferedAction = 'dispatch' | 'accept' | 'return' | 'contact' | 'scheduleVisit' | 'completeVisit' | 'resolve' | 'feedback' | 'pause' | 'resume' | 'escalate' | 'reassign' | 'extend' | 'package' | 'close' | 'withdraw' | 'unlinkDuplicate' | 'addAttachment';
const ORDER: readonly OfferedAction[] = [...(Object.keys(ACTIONS) as OfferedAction[]), 'addAttachment'];
/** The actions taken through an ActionForm (the upload has its own). */
export type FormAction = Exclude<OfferedAction, 'addAttachment'>;
export const isOffered = (a: string): a is OfferedAction => (ORDER as readonly string[]).includes(a);

/** The actions the API allows the caller on the case now that the console offers, in the order of the loop. */
export function offeredActions(c: CaseView): OfferedAction[] {
  const allowed = new Set<string>(c.allowedActions);
  return ORDER.filter((a) => allowed.has(a));
}

/**
 * The next step of the loop for this caller, if the API allows it: the primary button. Other
 * allowed actions (return, pause, escalate…) are offered beside it, never first.
 */
export function nextAction(c: CaseView, role: Role): OfferedAction | undefined {
  const allowed = new Set<string>(c.allowedActions);
  const wanted: OfferedAction[] = [];
  if (c.paused) wanted.push('resume');
  switch (c.status) {
    case 'awaiting_dispatch':
      wanted.push('dispatch');
      break;
    case 'assigned':
      wanted.push('accept');
      break;
    case 'accepted':
      wanted.push(c.contacted ? 'scheduleVisit' : 'contact');
      break;
    case 'visit_scheduled':
      wanted.push(c.visits.some((v) => !v.completedAt) ? 'completeVisit' : 'resolve');
      break;
    case 'resolved':
      wanted.push('feedback');
      break;
    default:
      break;
  }
  // A supervisor's step on a case that missed its deadline and has no other next step here.
  if (role === 'supervisor' && c.overdue) wanted.push('escalate');
  return wanted.find((a) => allowed.has(a));
}

/** Who acts next on the case and what they do, as a key of the "what happens next" sentence. */
export function nextStepKey(c: CaseView): MessageKey {
  if (c.status === 'closed') return 'next.closed';
  if (c.paused) return 'next.paused';
  switch (c.status) {
    case 'reported':
      return 'next.reported';
    case 'awaiting_dispatch':
      return 'next.awaiting_dispatch';
    case 'assigned':
      return 'next.assigned';
    case 'accepted':
      return c.contacted ? 'next.acceptedContacted' : 'next.accepted';
    case 'visit_scheduled':
      return c.visits.some((v) => !v.completedAt) ? 'next.visitOpen' : 'next.visitDone';
    case 'resolved':
      return 'next.resolved';
    default:
      return 'next.closed';
  }
}
