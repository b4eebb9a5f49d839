import type { CaseView, Role } from './api/types';
import type { MessageKey } from './i18n/en';
import { zonedToIso } from './i18n/format';
import type { FormValues } from './use-api-form';

export type ActionName =
  | 'dispatch' | 'accept' | 'return' | 'contact' | 'scheduleVisit' | 'completeVisit' | 'resolve' | 'feedback'
  | 'pause' | 'resume' | 'escalate' | 'reassign' | 'extend' | 'package' | 'close' | 'withdraw';

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
}

const reason = (required: boolean): FieldSpec => ({ name: 'reason', label: 'field.reason', kind: 'textarea', required });
/** Blank optional fields are left out rather than sent empty (the API rejects empty strings). */
const pick = (values: FormValues, ...names: string[]) => Object.fromEntries(names.filter((n) => values[n]?.trim()).map((n) => [n, values[n]!.trim()]));
const simple = (name: ActionName, fields: FieldSpec[]): ActionSpec => ({
  name,
  fields,
  body: (v) => pick(v, ...fields.map((f) => f.name)),
  path: (id) => `/v1/cases/${encodeURIComponent(id)}/${name}`,
});
const STEPS = ['dispatch', 'accept', 'contact', 'visit', 'resolve', 'feedback'] as const;

export const ACTIONS: Record<ActionName, ActionSpec> = {
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
  },
  completeVisit: {
    name: 'completeVisit',
    fields: [
      { name: 'visitId', label: 'field.visitId', kind: 'select', required: true, options: 'openVisits' },
      { name: 'findings', label: 'field.findings', kind: 'textarea', required: true },
    ],
    body: (v) => pick(v, 'findings'),
    path: (id, v) => `/v1/cases/${encodeURIComponent(id)}/visits/${encodeURIComponent(v.visitId || '-')}/complete`,
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
  },
  package: simple('package', [{ name: 'leader', label: 'field.leader', kind: 'text', required: true }, reason(false)]),
  close: simple('close', [reason(true)]),
  withdraw: simple('withdraw', [reason(true)]),
};

/** The actions each role may take (the API's rules); which fit the case now is the API's answer. */
export const ROLE_ACTIONS: Record<Role, readonly ActionName[]> = {
  department: ['accept', 'return', 'contact', 'scheduleVisit', 'completeVisit', 'resolve', 'pause', 'resume'],
  supervisor: ['dispatch', 'escalate', 'reassign', 'extend', 'package', 'close'],
  street: ['feedback', 'withdraw'],
  admin: ['dispatch', 'escalate', 'reassign', 'extend', 'package', 'close'],
};

/** The action a case most likely needs next from this role: the form opened first. */
export function nextAction(c: CaseView, role: Role): ActionName | undefined {
  if (role === 'department') {
    if (c.status === 'assigned') return 'accept';
    if (c.status === 'accepted') return c.contacted ? 'scheduleVisit' : 'contact';
    if (c.status === 'visit_scheduled') return c.visits.some((v) => !v.completedAt) ? 'completeVisit' : 'resolve';
    return undefined;
  }
  if (role === 'street') return c.status === 'resolved' ? 'feedback' : undefined;
  return c.status === 'awaiting_dispatch' ? 'dispatch' : undefined;
}
