import type { Actor, Role } from '../schema/actor';
import { ACTION_NAMES, type ActionName } from '../schema/action-names';
import type { CaseState, CaseStatus } from '../schema/case-state';
import { HANDLING } from './attachments';
import { activeClocks } from './deadlines';
import type { CaseRuleCode } from './errors';

export const OPEN: readonly CaseStatus[] = ['reported', 'awaiting_dispatch', 'assigned', 'accepted', 'visit_scheduled', 'resolved'];
export const IN_HAND: readonly CaseStatus[] = ['accepted', 'visit_scheduled'];

/** A rule an action breaks, as `decide` throws it and `allowedActions` leaves the action out for it. */
export interface RuleBreak {
  code: CaseRuleCode;
  message: string;
}

export interface ActionRules {
  /** Who may take it; an administrator may take any action. A resident acts only through the public API. */
  roles: readonly (Role | 'resident')[];
  /** A department must be the one the case is assigned to (after the role check). */
  assignedDepartment?: true;
  /** The statuses it applies in. */
  statuses: readonly CaseStatus[];
  /** What else the case must be for this actor, whatever the input; null when it is. */
  requires?: (s: CaseState, actor: Actor) => string | null;
  /** Under /v1/cases/:id; none for actions that are not offered over HTTP. */
  path: string | null;
  /** Posted as multipart/form-data by a route of its own (api/routes/attachments.ts), not as JSON. */
  upload?: true;
  summary: string;
}

/**
 * The actions on a case: who, when, and where on the API. `decide` checks these rules before it
 * looks at an action's input, the API's routes take their roles and paths from here, and the
 * case view's `allowedActions` is these rules applied to the case for the caller. The input
 * schemas are `ActionInputs` (schema/commands.ts), keyed by the same names: zod stays out of the
 * workflow's own modules, which this table is one of.
 */
export const ACTION_TABLE: { readonly [A in ActionName]: ActionRules } = {
  dispatch: { roles: ['supervisor'], statuses: ['awaiting_dispatch'], path: '/dispatch', summary: 'classify and route a case awaiting dispatch' },
  accept: { roles: ['department'], assignedDepartment: true, statuses: ['assigned'], path: '/accept', summary: 'accept the assignment' },
  return: { roles: ['department'], assignedDepartment: true, statuses: ['assigned'], path: '/return', summary: 'return a wrongly routed case to be routed again' },
  contact: {
    roles: ['department'],
    assignedDepartment: true,
    statuses: IN_HAND,
    requires: (s) => (s.contacted ? 'the resident has already been contacted' : null),
    path: '/contact',
    summary: 'record the first response to the resident',
  },
  scheduleVisit: { roles: ['department'], assignedDepartment: true, statuses: IN_HAND, path: '/visits', summary: 'schedule an on-site visit; the answer carries its visitId' },
  completeVisit: {
    roles: ['department'],
    assignedDepartment: true,
    statuses: ['visit_scheduled'],
    requires: (s) => (s.visits.some((v) => v.completedAt === null) ? null : 'every visit has already been recorded'),
    path: '/visits/:visitId/complete',
    summary: 'record the findings of a visit',
  },
  resolve: {
    roles: ['department'],
    assignedDepartment: true,
    statuses: IN_HAND,
    requires: (s) => (s.contacted ? null : 'contact the resident before reporting the case resolved'),
    path: '/resolve',
    summary: 'report the case resolved or explained',
  },
  feedback: { roles: ['street', 'supervisor', 'resident'], statuses: ['resolved'], path: '/feedback', summary: 'relay the resident\'s rating' },
  pause: {
    roles: ['department'],
    assignedDepartment: true,
    statuses: ['assigned', ...IN_HAND],
    requires: (s) => (s.pausedSince === null ? null : 'the clock is already paused'),
    path: '/pause',
    summary: 'stop the clock while waiting on the resident',
  },
  resume: {
    roles: ['department'],
    assignedDepartment: true,
    statuses: OPEN,
    requires: (s) => (s.pausedSince !== null ? null : 'the clock is not paused'),
    path: '/resume',
    summary: 'restart the clock',
  },
  escalate: {
    roles: ['supervisor'],
    statuses: OPEN,
    requires: (s) => (s.policy !== null && s.escalationLevel >= s.policy.escalationLevels ? 'the case is already at the highest escalation level' : null),
    path: '/escalate',
    summary: 'raise the escalation level',
  },
  reassign: {
    roles: ['supervisor'],
    statuses: ['awaiting_dispatch', 'assigned', ...IN_HAND],
    requires: (s) => (s.categoryId === null ? 'dispatch the case with a category first' : null),
    path: '/reassign',
    summary: 'assign the case to another department',
  },
  extend: {
    roles: ['supervisor'],
    statuses: OPEN,
    requires: (s) => (activeClocks(s).length > 0 ? null : 'no step of the case is running'),
    path: '/extend',
    summary: 'extend the deadline of one step',
  },
  package: { roles: ['supervisor'], statuses: OPEN, path: '/package', summary: 'assign a leader who owns the case' },
  close: { roles: ['supervisor'], statuses: OPEN, path: '/close', summary: 'close the case' },
  withdraw: { roles: ['street', 'supervisor'], statuses: OPEN, path: '/withdraw', summary: 'withdraw the case at the resident\'s request' },
  unlinkDuplicate: {
    roles: ['supervisor'],
    statuses: ['awaiting_dispatch'],
    requires: (s) => (s.duplicateOf !== null ? null : 'the case is not linked to another case'),
    path: '/unlink',
    summary: 'unlink a case wrongly linked as a duplicate: it is routed on its own',
  },
  adoptCalendar: {
    roles: ['admin'],
    statuses: OPEN,
    requires: (s) => (s.calendar !== null ? null : 'the case counts its deadlines around the clock, not by a working calendar'),
    path: null,
    summary: 'move a running case to a corrected working calendar',
  },
  addAttachment: {
    roles: ['street', 'supervisor', 'department'],
    assignedDepartment: true,
    statuses: OPEN,
    requires: (s, actor) => (actor.role === 'department' && !HANDLING.includes(s.status) ? 'a department adds files once it has accepted the case' : null),
    path: '/attachments',
    upload: true,
    summary: 'add a photo or a PDF to the report (street, supervisor), a visit or the resolution (the assigned department)',
  },
};

/** Why `actor` may not take `action` on the case now, whatever its input; null when it may. */
export function ruleBreak(s: CaseState, action: ActionName, actor: Actor): RuleBreak | null {
  const rules = ACTION_TABLE[action];
  const role = actor.role;
  if (role !== 'admin' && !rules.roles.includes(role as Role | 'resident')) {
    return { code: 'forbidden', message: action === 'adoptCalendar' ? 'only an administrator may change a case\'s working calendar' : `only ${rules.roles.join(' or ')} may ${action} a case` };
  }
  if (rules.assignedDepartment && role === 'department' && actor.org !== s.departmentId) return { code: 'forbidden', message: 'the case is not assigned to your department' };
  if (!rules.statuses.includes(s.status)) return { code: 'invalid_state', message: `cannot ${action} a case that is ${s.status}` };
  const missing = rules.requires?.(s, actor) ?? null;
  return missing === null ? null : { code: 'invalid_state', message: missing };
}

/** The actions `actor` may take on the case now: CONTRACT.md's `allowedActions`. */
export function allowedActions(s: CaseState, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((a) => ACTION_TABLE[a].path !== null && ruleBreak(s, a, actor) === null);
}
