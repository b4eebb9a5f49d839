import type { CaseState, StepClock } from '../schema/case-state';
import type { CaseEvent } from '../schema/events';
import type { Step } from '../schema/policy';
import { durationMs } from '../schema/iso-duration';
import { addTime, startClock, timeBetween } from './deadlines';

/** Folds one event into the case. Never fails and never looks outside its arguments. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  return { ...applyEvent(state, event), version: state.version + 1, updatedAt: event.at };
}

function applyEvent(s: CaseState, e: CaseEvent): CaseState {
  const start = (...steps: Step[]): CaseState['steps'] => {
    if (!s.policy || !s.report) return {};
    const urgency = s.report.urgency;
    return Object.fromEntries(steps.map((step) => [step, startClock(s.policy!, urgency, step, e.at)]));
  };
  const withoutSteps = (...steps: Step[]): CaseState['steps'] =>
    Object.fromEntries(Object.entries(s.steps).filter(([step]) => !steps.includes(step as Step)));
  const updateClock = (step: Step, change: (c: StepClock) => StepClock): CaseState['steps'] => {
    const clock = s.steps[step];
    return clock ? { ...s.steps, [step]: change(clock) } : s.steps;
  };
  // Leaving the waiting steps behind also ends a pause, so its length is still counted.
  const endPause = (): Pick<CaseState, 'pausedSince' | 'totalPausedMs'> =>
    s.pausedSince === null
      ? { pausedSince: null, totalPausedMs: s.totalPausedMs }
      : { pausedSince: null, totalPausedMs: s.totalPausedMs + (e.at - s.pausedSince) };

  switch (e.type) {
    case 'case_reported':
      return {
        ...s,
        report: e.data.report,
        policy: e.data.policy,
        ladder: e.data.ladder ?? [],
        calendar: e.data.calendar ?? null,
        ...(e.data.number === undefined ? {} : { number: e.data.number }),
        status: 'reported',
        createdAt: e.at,
        // Policies recorded before backlogAfter existed have no backlog limit.
        backlogAt: e.data.policy.backlogAfter ? addTime(e.data.calendar ?? null, e.at, durationMs(e.data.policy.backlogAfter[e.data.report.urgency])) : null,
      };
    case 'case_classified':
      return {
        ...s,
        categoryId: e.data.categoryId,
        classification: { confidence: e.data.confidence, evidence: e.data.evidence },
      };
    case 'dispatch_requested':
      return { ...s, status: 'awaiting_dispatch', suggestions: e.data.suggestions, departmentId: null, steps: start('dispatch') };
    case 'case_assigned':
      return {
        ...s,
        status: 'assigned',
        categoryId: e.data.categoryId,
        departmentId: e.data.departmentId,
        assistingDepartmentIds: e.data.assistingDepartmentIds,
        contacted: false,
        steps: start('accept'),
      };
    case 'assignment_returned':
      return {
        ...s,
        status: 'reported',
        departmentId: null,
        assistingDepartmentIds: [],
        returnedBy: s.returnedBy.includes(e.data.departmentId) ? s.returnedBy : [...s.returnedBy, e.data.departmentId],
        returnCount: e.data.returnCount,
        steps: {},
        ...endPause(),
      };
    case 'assignment_accepted':
      return { ...s, status: 'accepted', steps: start('contact', 'visit', 'resolve') };
    case 'resident_contacted':
      return { ...s, contacted: true, steps: withoutSteps('contact') };
    case 'visit_scheduled':
      return {
        ...s,
        status: 'visit_scheduled',
        visits: [...s.visits, { id: e.data.visitId, scheduledFor: e.data.scheduledFor, cadres: e.data.cadres, findings: null, completedAt: null }],
      };
    case 'visit_completed':
      return {
        ...s,
        visits: s.visits.map((v) => (v.id === e.data.visitId ? { ...v, findings: e.data.findings, completedAt: e.at } : v)),
        steps: withoutSteps('visit'),
      };
    case 'case_resolved':
      return { ...s, status: 'resolved', resolution: e.data, ...endPause(), steps: start('feedback') };
    case 'feedback_received':
      return { ...s, feedback: e.data };
    case 'case_reopened':
      return { ...s, reopenCount: e.data.reopenCount, resolution: null, steps: {} };
    case 'deadline_warning':
      return { ...s, steps: updateClock(e.data.step, (c) => ({ ...c, warned: true })) };
    case 'deadline_missed':
      return { ...s, steps: updateClock(e.data.step, (c) => ({ ...c, warned: true, missed: true })) };
    case 'case_escalated':
      return {
        ...s,
        escalationLevel: e.data.toLevel,
        steps: e.data.reason === 'deadline_missed' && e.data.step ? updateClock(e.data.step, (c) => ({ ...c, escalations: (c.escalations ?? 0) + 1 })) : s.steps,
      };
    case 'deadline_extended':
      return { ...s, steps: updateClock(e.data.step, (c) => ({ ...c, extendedMs: c.extendedMs + e.data.byMs, warned: false, missed: false, escalations: 0 })) };
    case 'clock_paused':
      return { ...s, pausedSince: e.at };
    case 'clock_resumed': {
      const since = s.pausedSince ?? e.at;
      const steps = Object.fromEntries(
        Object.entries(s.steps).map(([step, c]) => [step, c && { ...c, pausedMs: c.pausedMs + timeBetween(s.calendar, Math.max(since, c.startedAt), e.at) }]),
      );
      return { ...s, steps, ...endPause() };
    }
    case 'leader_assigned':
      return { ...s, leader: e.data.leader };
    case 'case_withdrawn':
      return s;
    case 'duplicate_linked':
      return { ...s, status: 'awaiting_dispatch', duplicateOf: e.data.duplicateOf, departmentId: null, steps: start('dispatch') };
    case 'duplicate_unlinked':
      // Back to routing, which the workflow does next.
      return { ...s, status: 'reported', duplicateOf: null, duplicateUnlinked: true, steps: {} };
    case 'calendar_changed':
      // The clocks keep their budgets; only how time counts towards them changes.
      return { ...s, calendar: e.data.calendar };
    case 'attachment_added':
      return { ...s, attachments: [...(s.attachments ?? []), { ...e.data, addedAt: e.at, addedBy: e.actor }] };
    case 'case_closed':
      return { ...s, status: 'closed', outcome: e.data.outcome, closedAt: e.at, steps: {}, ...endPause() };
  }
}
