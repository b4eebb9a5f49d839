import type { WorkingCalendar } from '../schema/calendar';
import type { CaseState, StepClock } from '../schema/case-state';
import { durationMs } from '../schema/iso-duration';
import type { CasePolicy, Step, Urgency } from '../schema/policy';
import { addWorkingTime, workingTimeBetween } from './working-calendar';

/** How a case counts time: in working time by its calendar, or around the clock (null). */
export type CaseCalendar = WorkingCalendar | null;

export function addTime(cal: CaseCalendar, start: number, ms: number): number {
  return cal ? addWorkingTime(cal, start, ms) : start + ms;
}

export function timeBetween(cal: CaseCalendar, a: number, b: number): number {
  return cal ? workingTimeBetween(cal, a, b) : Math.max(0, b - a);
}

export function allowanceMs(policy: CasePolicy, urgency: Urgency, step: Step): number {
  return durationMs(policy.deadlines[urgency][step]);
}

export function startClock(policy: CasePolicy, urgency: Urgency, step: Step, at: number): StepClock {
  return { startedAt: at, allowanceMs: allowanceMs(policy, urgency, step), pausedMs: 0, extendedMs: 0, warned: false, missed: false, escalations: 0 };
}

/** The step's time: its allowance, plus time paused and extensions granted. */
const budgetMs = (clock: StepClock) => clock.allowanceMs + clock.pausedMs + clock.extendedMs;

/** When the step is due, not counting a pause still under way: its budget counted from its start. */
export function dueAt(clock: StepClock, cal: CaseCalendar = null): number {
  return addTime(cal, clock.startedAt, budgetMs(clock));
}

/** The warning goes out when `warnAt` of the allowed time has passed. */
export function warnTime(clock: StepClock, warnAt: number, cal: CaseCalendar = null): number {
  return addTime(cal, clock.startedAt, budgetMs(clock) - Math.round((1 - warnAt) * clock.allowanceMs));
}

export function activeClocks(state: CaseState): [Step, StepClock][] {
  return Object.entries(state.steps).filter((e): e is [Step, StepClock] => e[1] !== undefined);
}

/**
 * When a step already missed escalates once more: a further allowance after the last time,
 * while the ladder has levels left and the case's policy asks for it.
 */
export function nextRepeatEscalationAt(state: CaseState, clock: StepClock): number | undefined {
  const policy = state.policy;
  if (!policy || policy.repeatEscalation !== true || state.escalationLevel >= policy.escalationLevels || clock.escalations < 1) return undefined;
  return addTime(state.calendar, dueAt(clock, state.calendar), clock.escalations * clock.allowanceMs);
}

/** The nearest due time of a step still running on time (none when every open step is missed or paused). */
export function nextDueAt(state: CaseState): number | null {
  const pending = deadlines(state).filter((d) => !d.missed && !d.paused);
  return pending.length ? Math.min(...pending.map((d) => d.dueAt)) : null;
}

/** The next instant at which the case's deadlines need attention, or undefined while nothing is pending. */
export function nextWakeAt(state: CaseState): number | undefined {
  if (state.status === 'closed' || state.pausedSince !== null || !state.policy) return undefined;
  let next: number | undefined;
  for (const [step, clock] of activeClocks(state)) {
    // The feedback window only closes the case; nobody is warned about it.
    const candidates = [
      clock.warned || clock.missed || step === 'feedback' ? undefined : warnTime(clock, state.policy.warnAt, state.calendar),
      clock.missed ? nextRepeatEscalationAt(state, clock) : dueAt(clock, state.calendar),
    ];
    for (const t of candidates) if (t !== undefined && (next === undefined || t < next)) next = t;
  }
  return next;
}

export interface DeadlineView {
  step: Step;
  dueAt: number;
  warned: boolean;
  missed: boolean;
  /** True while the clock is stopped: `dueAt` moves later by the length of the pause. */
  paused: boolean;
}

export function deadlines(state: CaseState): DeadlineView[] {
  return activeClocks(state).map(([step, clock]) => ({
    step,
    dueAt: dueAt(clock, state.calendar),
    warned: clock.warned,
    missed: clock.missed,
    paused: state.pausedSince !== null,
  }));
}

export function isOverdue(state: CaseState): boolean {
  return activeClocks(state).some(([, clock]) => clock.missed);
}
