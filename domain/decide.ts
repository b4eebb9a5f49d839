import type { Actor } from '../schema/actor';
import { SYSTEM_ACTOR } from '../schema/system-actor';
import type { CaseState } from '../schema/case-state';
import { durationMs } from '../schema/iso-duration';
import type { CaseEvent, CaseEventOf, EventType } from '../schema/events';
import type { Step } from '../schema/policy';
import type { ActionCommand, CaseCommand, DecisionContext, SystemCommand } from './command';
import { activeClocks, dueAt, nextRepeatEscalationAt, timeBetween, warnTime } from './deadlines';
import { ruleBreak } from './action-table';
import { attachmentRuleBreak, attachmentStage } from './attachments';
import { CaseRuleError } from './errors';
import { evolve } from './evolve';


/**
 * The events a command leads to, or a CaseRuleError when it does not fit the case.
 * Pure: the workflow, its Update validators and the tests all call it.
 */
export function decide(state: CaseState, command: CaseCommand, ctx: DecisionContext): CaseEvent[] {
  const out = new EventList(state, ctx, 'actor' in command ? command.actor : SYSTEM_ACTOR);
  switch (command.type) {
    case 'report':
    case 'classified':
    case 'routed':
    case 'duplicateFound':
    case 'tick':
      decideSystem(state, command, out);
      break;
    default:
      decideAction(state, command, out);
  }
  return out.events;
}

/** Collects events, keeping a running state so that later events see earlier ones. */
class EventList {
  readonly events: CaseEvent[] = [];
  constructor(
    public state: CaseState,
    private readonly ctx: DecisionContext,
    private readonly actor: Actor,
  ) {}
  push<T extends EventType>(type: T, data: CaseEventOf<T>['data'], actor: Actor = this.actor): void {
    const event = { eventId: this.ctx.newId(), type, at: this.ctx.now, actor, data } as CaseEvent;
    this.events.push(event);
    this.state = evolve(this.state, event);
  }
  get now(): number {
    return this.ctx.now;
  }
  newId(): string {
    return this.ctx.newId();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function rule(ok: boolean, code: CaseRuleError['code'], message: string, state: CaseState): asserts ok {
  if (!ok) throw new CaseRuleError(code, message, state.status);
}

function decideSystem(s: CaseState, c: SystemCommand, out: EventList): void {
  switch (c.type) {
    case 'report':
      rule(s.version === 0, 'invalid_state', 'the case has already been reported', s);
      // Histories recorded before ladders existed have none: keep their events as they were.
      out.push('case_reported', { report: c.report, policy: c.policy, ...(c.ladder ? { ladder: c.ladder } : {}), ...(c.calendar ? { calendar: c.calendar } : {}), ...(c.number ? { number: c.number } : {}) });
      return;
    case 'classified': {
      rule(s.status === 'reported' && s.policy !== null, 'invalid_state', 'only a newly reported case is classified', s);
      const { categoryId, confidence, evidence, suggestions } = c.result;
      if (categoryId !== null && confidence >= s.policy.autoRouteConfidence) {
        out.push('case_classified', { categoryId, confidence, evidence, by: 'classifier' });
      } else {
        out.push('dispatch_requested', { reason: 'low_confidence', suggestions });
      }
      return;
    }
    case 'routed': {
      rule(s.status === 'reported' && s.categoryId !== null, 'invalid_state', 'only a classified case awaiting routing is routed', s);
      const { departmentId, assistingDepartmentIds, rule: ruleId } = c.result;
      // A complaint about a department never lands with it, whatever a lookup answered.
      if (departmentId !== null && !s.returnedBy.includes(departmentId) && departmentId !== s.report?.complaintAbout) {
        out.push('case_assigned', { departmentId, assistingDepartmentIds, categoryId: s.categoryId, by: 'routing', rule: ruleId });
      } else {
        out.push('dispatch_requested', { reason: 'no_route', suggestions: s.suggestions });
      }
      return;
    }
    case 'duplicateFound':
      rule(s.status === 'reported' && s.categoryId !== null && s.duplicateOf === null, 'invalid_state', 'only a classified new case is linked to a duplicate', s);
      out.push('duplicate_linked', { duplicateOf: c.duplicateOf, sameAddress: c.sameAddress, distanceM: c.distanceM });
      return;
    case 'tick':
      decideTick(s, out);
      return;
  }
}

/** Warnings, missed deadlines and escalations that are due at `now`. */
function decideTick(s: CaseState, out: EventList): void {
  if (s.status === 'closed' || s.pausedSince !== null || !s.policy) return;
  const policy = s.policy;
  for (const [step, clock] of activeClocks(s)) {
    const due = dueAt(clock, s.calendar);
    if (step === 'feedback') {
      if (out.now >= due) out.push('case_closed', { outcome: 'no_feedback', reason: 'no feedback within the feedback window' });
      continue;
    }
    if (!clock.warned && !clock.missed && out.now >= warnTime(clock, policy.warnAt, s.calendar) && out.now < due) {
      out.push('deadline_warning', { step, dueAt: iso(due) });
    }
    if (!clock.missed && out.now >= due) {
      out.push('deadline_missed', { step, dueAt: iso(due) });
      escalate(out, { reason: 'deadline_missed', step });
      continue;
    }
    const again = nextRepeatEscalationAt(out.state, out.state.steps[step] ?? clock);
    if (again !== undefined && out.now >= again) escalate(out, { reason: 'deadline_missed', step });
  }
}

/**
 * One level up the ladder, if there is one; at the policy's `leaderAtLevel` that level's leader
 * takes the case unless a leader already has it.
 */
function escalate(out: EventList, why: { reason: 'deadline_missed' | 'supervisor'; step: Step | null; note?: string }): void {
  const s = out.state;
  const policy = s.policy!;
  const level = s.escalationLevel;
  if (level >= policy.escalationLevels) return;
  const toLevel = level + 1;
  out.push('case_escalated', { fromLevel: level, toLevel, reason: why.reason, step: why.step, ...(why.note === undefined ? {} : { note: why.note }) });
  const leaderAt = policy.leaderAtLevel;
  if (typeof leaderAt === 'number' && toLevel >= leaderAt && out.state.leader === null) {
    const rung = s.ladder.find((r) => r.level === toLevel) ?? s.ladder.at(-1);
    const leader = rung?.leader ?? (rung ? `leader of ${rung.jurisdictionId}` : `leader at escalation level ${toLevel}`);
    out.push('leader_assigned', { leader, reason: `escalated to level ${toLevel}` });
  }
}

function decideAction(s: CaseState, c: ActionCommand, out: EventList): void {
  // Who and when, from the table of actions; what follows checks only the input.
  const broken = ruleBreak(s, c.type, c.actor);
  if (broken) throw new CaseRuleError(broken.code, broken.message, s.status);

  switch (c.type) {
    case 'dispatch':
      notTheAccused(s, c.input.departmentId);
      if (c.input.categoryId !== s.categoryId) {
        out.push('case_classified', { categoryId: c.input.categoryId, confidence: 1, evidence: [], by: 'dispatcher' });
      }
      out.push('case_assigned', {
        departmentId: c.input.departmentId,
        assistingDepartmentIds: [],
        categoryId: c.input.categoryId,
        by: 'dispatcher',
        rule: null,
      });
      return;
    case 'accept':
      out.push('assignment_accepted', { departmentId: s.departmentId! });
      return;
    case 'return': {
      const returnCount = s.returnCount + 1;
      out.push('assignment_returned', { departmentId: s.departmentId!, reason: c.input.reason, returnCount });
      if (returnCount > s.policy!.maxReturns) out.push('dispatch_requested', { reason: 'return_limit', suggestions: s.suggestions });
      return;
    }
    case 'contact':
      out.push('resident_contacted', { note: c.input.note });
      return;
    case 'scheduleVisit':
      out.push('visit_scheduled', { visitId: out.newId(), scheduledFor: c.input.scheduledFor, cadres: c.input.cadres });
      return;
    case 'completeVisit': {
      const visit = s.visits.find((v) => v.id === c.input.visitId);
      rule(visit !== undefined, 'invalid_input', `no visit ${c.input.visitId} on this case`, s);
      rule(visit.completedAt === null, 'invalid_state', 'the visit has already been recorded', s);
      out.push('visit_completed', { visitId: c.input.visitId, findings: c.input.findings });
      return;
    }
    case 'resolve':
      out.push('case_resolved', { summary: c.input.summary, outcome: c.input.outcome });
      return;
    case 'feedback': {
      out.push('feedback_received', c.input);
      if (c.input.rating !== 'unsatisfied') {
        out.push('case_closed', { outcome: c.input.rating });
        return;
      }
      const reopenCount = s.reopenCount + 1;
      out.push('case_reopened', { reopenCount, departmentId: s.departmentId });
      if (reopenCount > s.policy!.maxReopens || s.departmentId === null) {
        out.push('dispatch_requested', { reason: 'reopen_limit', suggestions: s.suggestions });
      } else {
        out.push('case_assigned', {
          departmentId: s.departmentId,
          assistingDepartmentIds: s.assistingDepartmentIds,
          categoryId: s.categoryId!,
          by: 'reopening',
          rule: null,
        });
      }
      return;
    }
    case 'pause':
      out.push('clock_paused', { reason: c.input.reason });
      return;
    case 'resume':
      out.push('clock_resumed', { reason: c.input.reason, pausedMs: out.now - s.pausedSince! });
      return;
    case 'escalate':
      escalate(out, { reason: 'supervisor', step: null, note: c.input.reason });
      return;
    case 'reassign':
      notTheAccused(s, c.input.departmentId);
      rule(c.input.departmentId !== s.departmentId, 'invalid_input', 'the case is already assigned to that department', s);
      out.push('case_assigned', {
        departmentId: c.input.departmentId,
        assistingDepartmentIds: [],
        categoryId: s.categoryId!,
        by: 'reassignment',
        rule: null,
      });
      return;
    case 'extend': {
      const clock = s.steps[c.input.step];
      rule(clock !== undefined, 'invalid_state', `the ${c.input.step} step is not running`, s);
      let byMs: number;
      if (c.input.by !== undefined) {
        byMs = safeDuration(c.input.by, s);
      } else {
        // "until" names an instant; the clock counts in the case's own time (working or wall).
        const until = Date.parse(c.input.until!);
        const due = dueAt(clock, s.calendar);
        byMs = until > due ? timeBetween(s.calendar, due, until) : until - due;
      }
      rule(byMs > 0, 'invalid_input', 'an extension must move the deadline later', s);
      rule(
        clock.extendedMs + byMs <= clock.allowanceMs,
        'invalid_input',
        `extensions of a step may add up to its own allowance (${clock.allowanceMs / 60_000} min); ${clock.extendedMs / 60_000} min are already granted`,
        s,
      );
      const extendedDue = dueAt({ ...clock, extendedMs: clock.extendedMs + byMs }, s.calendar);
      out.push('deadline_extended', { step: c.input.step, byMs, dueAt: iso(extendedDue), reason: c.input.reason });
      return;
    }
    case 'package':
      out.push('leader_assigned', { leader: c.input.leader, reason: c.input.reason });
      return;
    case 'close':
      out.push('case_closed', { outcome: s.duplicateOf === null ? 'closed_by_supervisor' : 'duplicate', reason: c.input.reason });
      return;
    case 'unlinkDuplicate':
      out.push('duplicate_unlinked', { duplicateOf: s.duplicateOf!, reason: c.input.reason });
      return;
    case 'adoptCalendar':
      rule(c.input.calendar.version !== s.calendar!.version, 'invalid_input', `the case already uses calendar ${s.calendar!.version}`, s);
      out.push('calendar_changed', { fromVersion: s.calendar!.version, toVersion: c.input.calendar.version, calendar: c.input.calendar, reason: c.input.reason });
      return;
    case 'addAttachment': {
      const broken = attachmentRuleBreak(s, c.actor, c.input);
      if (broken) throw new CaseRuleError(broken.code, broken.message, s.status);
      rule(!(s.attachments ?? []).some((a) => a.id === c.input.id), 'invalid_input', `the case already has an attachment ${c.input.id}`, s);
      out.push('attachment_added', { ...c.input, stage: attachmentStage(c.actor, c.input) });
      return;
    }
    case 'withdraw':
      out.push('case_withdrawn', { reason: c.input.reason });
      out.push('case_closed', { outcome: 'withdrawn', reason: c.input.reason });
      return;
  }
}

/** A complaint about a department is not given to that department (conflict of interest). */
function notTheAccused(s: CaseState, departmentId: string): void {
  rule(departmentId !== s.report?.complaintAbout, 'invalid_input', 'the complaint is about that department, so it cannot handle it; choose the body that supervises it', s);
}

function safeDuration(iso: string, s: CaseState): number {
  try {
    return durationMs(iso);
  } catch {
    throw new CaseRuleError('invalid_input', `"by" must be an ISO 8601 duration such as PT4H, not ${iso}`, s.status);
  }
}
