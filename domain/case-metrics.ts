import type { CaseState } from '../schema/case-state';
import type { Rating } from '../schema/commands';
import type { CaseEvent } from '../schema/events';
import { isOverdue } from './deadlines';
import { evolve } from './evolve';
import { initialState } from './initial-state';

/** What one case contributes to the supervisors' figures (DOMAIN.md "What supervisors measure"). */
export interface CaseFacts {
  caseId: string;
  jurisdictionId: string;
  /** The lead department as the case stands (or stood when it closed). */
  departmentId: string | null;
  accepted: boolean;
  acceptedOnTime: boolean;
  contacted: boolean;
  contactedOnTime: boolean;
  resolved: boolean;
  resolvedOnTime: boolean;
  /** The resident's last rating. */
  rating: Rating | null;
  reopened: boolean;
  overdue: boolean;
  backlog: boolean;
  /** Escalations that reached each level. */
  escalationsByLevel: Record<number, number>;
  visits: number;
  /** From report to the first resolution. */
  resolveMs: number | null;
}

/** Still open past its backlog limit (policies recorded before the limit existed have none). */
export function isBacklog(state: CaseState, now: number): boolean {
  return state.status !== 'closed' && state.backlogAt !== null && state.backlogAt !== undefined && now >= state.backlogAt;
}

export function caseFacts(caseId: string, events: readonly CaseEvent[], now: number): CaseFacts {
  const state = events.reduce(evolve, initialState(caseId));
  const missed = new Set(events.flatMap((e) => (e.type === 'deadline_missed' ? [e.data.step] : [])));
  const has = (type: CaseEvent['type']) => events.some((e) => e.type === type);
  const firstResolved = events.find((e) => e.type === 'case_resolved');
  const escalationsByLevel: Record<number, number> = {};
  for (const e of events) if (e.type === 'case_escalated') escalationsByLevel[e.data.toLevel] = (escalationsByLevel[e.data.toLevel] ?? 0) + 1;
  const ratings = events.flatMap((e) => (e.type === 'feedback_received' ? [e.data.rating] : []));
  const accepted = has('assignment_accepted');
  const contacted = has('resident_contacted');
  const resolved = firstResolved !== undefined;
  return {
    caseId: state.caseId,
    jurisdictionId: state.report?.location.jurisdictionId ?? '',
    departmentId: state.departmentId,
    accepted,
    acceptedOnTime: accepted && !missed.has('accept'),
    contacted,
    contactedOnTime: contacted && !missed.has('contact'),
    resolved,
    resolvedOnTime: resolved && !missed.has('resolve'),
    rating: ratings.at(-1) ?? null,
    reopened: has('case_reopened'),
    overdue: isOverdue(state),
    backlog: isBacklog(state, now),
    escalationsByLevel,
    visits: events.filter((e) => e.type === 'visit_completed').length,
    resolveMs: firstResolved && state.createdAt !== null ? firstResolved.at - state.createdAt : null,
  };
}

export interface MetricsSummary {
  received: number;
  accepted: number;
  acceptedOnTime: number;
  contacted: number;
  contactedOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  reopened: number;
  overdue: number;
  backlog: number;
  escalationsByLevel: Record<string, number>;
  visits: number;
  rates: {
    /** On-time acceptance over received: the response rate hotlines rank on. */
    response: number | null;
    contact: number | null;
    resolution: number | null;
    onTimeResolution: number | null;
    /** Satisfied and basically satisfied over rated cases. */
    satisfaction: number | null;
    reopen: number | null;
  };
  timeToResolveMs: { median: number | null; p90: number | null };
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(facts: readonly CaseFacts[]): MetricsSummary {
  const count = (pick: (f: CaseFacts) => boolean) => facts.filter(pick).length;
  const escalationsByLevel: Record<string, number> = {};
  for (const f of facts) for (const [level, n] of Object.entries(f.escalationsByLevel)) escalationsByLevel[level] = (escalationsByLevel[level] ?? 0) + n;
  const received = facts.length;
  const accepted = count((f) => f.accepted);
  const acceptedOnTime = count((f) => f.acceptedOnTime);
  const contacted = count((f) => f.contacted);
  const resolved = count((f) => f.resolved);
  const resolvedOnTime = count((f) => f.resolvedOnTime);
  const satisfied = count((f) => f.rating === 'satisfied');
  const basicallySatisfied = count((f) => f.rating === 'basically_satisfied');
  const unsatisfied = count((f) => f.rating === 'unsatisfied');
  const reopened = count((f) => f.reopened);
  const times = facts.flatMap((f) => (f.resolveMs === null ? [] : [f.resolveMs])).sort((a, b) => a - b);
  return {
    received,
    accepted,
    acceptedOnTime,
    contacted,
    contactedOnTime: count((f) => f.contactedOnTime),
    resolved,
    resolvedOnTime,
    satisfied,
    basicallySatisfied,
    unsatisfied,
    reopened,
    overdue: count((f) => f.overdue),
    backlog: count((f) => f.backlog),
    escalationsByLevel,
    visits: facts.reduce((n, f) => n + f.visits, 0),
    rates: {
      response: rate(acceptedOnTime, received),
      contact: rate(contacted, received),
      resolution: rate(resolved, received),
      onTimeResolution: rate(resolvedOnTime, resolved),
      satisfaction: rate(satisfied + basicallySatisfied, satisfied + basicallySatisfied + unsatisfied),
      reopen: rate(reopened, resolved),
    },
    timeToResolveMs: { median: percentile(times, 50), p90: percentile(times, 90) },
  };
}
