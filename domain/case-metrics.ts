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
  receivedAt: number;
  closed: boolean;
  /** When the case becomes backlog if still open; `backlog` is this compared with the fold's `now`. */
  backlogAt: number | null;
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
    receivedAt: state.createdAt ?? 0,
    closed: state.status === 'closed',
    backlogAt: state.backlogAt ?? null,
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

/** The counts of a summary: what SQL aggregates and `summarize` folds alike. */
export interface MetricsCounts {
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
}

export interface MetricsSummary extends MetricsCounts {
  /** See `rateFractions` for what each divides. */
  rates: Record<RateName, number | null>;
  timeToResolveMs: { median: number | null; p90: number | null };
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const RATE_NAMES = ['response', 'contact', 'resolution', 'onTimeResolution', 'satisfaction', 'reopen'] as const;
export type RateName = (typeof RATE_NAMES)[number];
export interface Fraction {
  numerator: number;
  denominator: number;
}

/** What each rate divides by what: one definition for the summary, the ranking and the console. */
export function rateFractions(c: MetricsCounts): Record<RateName, Fraction> {
  const rated = c.satisfied + c.basicallySatisfied + c.unsatisfied;
  return {
    // On-time acceptance over received: the response rate hotlines rank on.
    response: { numerator: c.acceptedOnTime, denominator: c.received },
    contact: { numerator: c.contacted, denominator: c.received },
    resolution: { numerator: c.resolved, denominator: c.received },
    onTimeResolution: { numerator: c.resolvedOnTime, denominator: c.resolved },
    // Satisfied and basically satisfied over rated cases.
    satisfaction: { numerator: c.satisfied + c.basicallySatisfied, denominator: rated },
    reopen: { numerator: c.reopened, denominator: c.resolved },
  };
}

export const rateOf = (f: Fraction) => rate(f.numerator, f.denominator);

/** Rates from counts: one definition whether the counts came from SQL or from facts in memory. */
export function withRates(c: MetricsCounts, timeToResolveMs: MetricsSummary['timeToResolveMs']): MetricsSummary {
  const fractions = rateFractions(c);
  const rates = Object.fromEntries(RATE_NAMES.map((n) => [n, rateOf(fractions[n])])) as MetricsSummary['rates'];
  return { ...c, rates, timeToResolveMs };
}

/** The counts that add up across any split of the cases. */
export type AdditiveCounts = Omit<MetricsCounts, 'backlog' | 'escalationsByLevel'>;

/** What each case adds to each additive count: one definition for every fold. */
const CONTRIBUTION: Record<keyof AdditiveCounts, (f: CaseFacts) => number> = {
  received: () => 1,
  accepted: (f) => Number(f.accepted),
  acceptedOnTime: (f) => Number(f.acceptedOnTime),
  contacted: (f) => Number(f.contacted),
  contactedOnTime: (f) => Number(f.contactedOnTime),
  resolved: (f) => Number(f.resolved),
  resolvedOnTime: (f) => Number(f.resolvedOnTime),
  satisfied: (f) => Number(f.rating === 'satisfied'),
  basicallySatisfied: (f) => Number(f.rating === 'basically_satisfied'),
  unsatisfied: (f) => Number(f.rating === 'unsatisfied'),
  reopened: (f) => Number(f.reopened),
  overdue: (f) => Number(f.overdue),
  visits: (f) => f.visits,
};
export const ADDITIVE_COUNTS = Object.keys(CONTRIBUTION) as (keyof AdditiveCounts)[];

export function countFacts(facts: readonly CaseFacts[]): AdditiveCounts {
  return Object.fromEntries(ADDITIVE_COUNTS.map((k) => [k, facts.reduce((n, f) => n + CONTRIBUTION[k](f), 0)])) as AdditiveCounts;
}

/** The reference fold: the projected tables must give the same figures for the same cases. */
export function summarize(facts: readonly CaseFacts[]): MetricsSummary {
  const escalationsByLevel: Record<string, number> = {};
  for (const f of facts) for (const [level, n] of Object.entries(f.escalationsByLevel)) escalationsByLevel[level] = (escalationsByLevel[level] ?? 0) + n;
  const times = facts.flatMap((f) => (f.resolveMs === null ? [] : [f.resolveMs])).sort((a, b) => a - b);
  return withRates(
    { ...countFacts(facts), backlog: facts.filter((f) => f.backlog).length, escalationsByLevel },
    { median: percentile(times, 50), p90: percentile(times, 90) },
  );
}
