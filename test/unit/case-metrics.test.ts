import { describe, expect, it } from 'vitest';
import { caseFacts, percentile, summarize } from '../../domain/case-metrics';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness } from './fixtures';

const housing = department('lixian-housing');
const HOUR = 3_600_000;

/** accepted in 1 h, contacted, one visit, resolved at 30 h, then rated. */
function handled(rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied') {
  const c = new CaseHarness();
  c.classifyAndRoute();
  c.advance(HOUR).run({ type: 'accept', actor: housing, input: {} });
  c.run({ type: 'contact', actor: housing, input: { note: 'called' } });
  const [scheduled] = c.run({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T02:00:00Z', cadres: ['Liu'] } });
  c.run({ type: 'completeVisit', actor: housing, input: { visitId: (scheduled!.data as { visitId: string }).visitId, findings: 'f' } });
  c.advance(29 * HOUR).run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } });
  c.run({ type: 'feedback', actor: street, input: { rating } });
  return c;
}

describe('case facts', () => {
  it('a case handled in time counts as accepted, contacted and resolved on time, with its visit and time to resolve', () => {
    const c = handled('satisfied');
    expect(caseFacts('a', c.events, c.now)).toEqual({
      caseId: 'a',
      jurisdictionId: 'xihu',
      receivedAt: c.state.createdAt,
      closed: true,
      backlogAt: c.state.backlogAt,
      departmentId: 'lixian-housing',
      accepted: true,
      acceptedOnTime: true,
      contacted: true,
      contactedOnTime: true,
      resolved: true,
      resolvedOnTime: true,
      rating: 'satisfied',
      reopened: false,
      overdue: false,
      backlog: false,
      escalationsByLevel: {},
      visits: 1,
      resolveMs: 30 * HOUR,
    });
  });

  it('a missed accept deadline makes the acceptance late, the case overdue and escalated; long open makes it backlog', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.advance(3 * HOUR).run({ type: 'tick' });
    c.run({ type: 'accept', actor: housing, input: {} });
    c.run({ type: 'escalate', actor: supervisor, input: { reason: 'slow' } });
    const facts = caseFacts('b', c.events, c.now);
    expect(facts).toMatchObject({ accepted: true, acceptedOnTime: false, escalationsByLevel: { 1: 1, 2: 1 }, resolved: false, resolveMs: null, backlog: false });
    // Normal cases become backlog 15 days (the default backlogAfter) after the report.
    expect(c.state.backlogAt).toBe(c.state.createdAt! + 15 * 24 * HOUR);
    expect(caseFacts('b', c.events, c.state.backlogAt! - 1).backlog).toBe(false);
    expect(caseFacts('b', c.events, c.state.backlogAt!).backlog).toBe(true);
  });

  it('a closed case is never backlog', () => {
    const c = handled('satisfied');
    expect(caseFacts('e', c.events, c.state.createdAt! + 365 * 24 * HOUR).backlog).toBe(false);
  });

  it('unsatisfied feedback counts as reopened, with the last rating', () => {
    const c = handled('unsatisfied');
    expect(caseFacts('c', c.events, c.now)).toMatchObject({ reopened: true, rating: 'unsatisfied', resolved: true });
  });
});

describe('summaries', () => {
  it('adds cases up and computes the rates and percentiles by hand-checked figures', () => {
    const a = caseFacts('a', handled('satisfied').events, 0);
    const b = caseFacts('b', handled('basically_satisfied').events, 0);
    const c = caseFacts('c', handled('unsatisfied').events, 0);
    const waiting = new CaseHarness();
    waiting.run({ type: 'classified', result: { categoryId: 'noise', confidence: 0.1, evidence: [], suggestions: [] } });
    const d = caseFacts('d', waiting.events, 0);
    const s = summarize([a, b, c, d]);
    expect(s).toMatchObject({ received: 4, accepted: 3, acceptedOnTime: 3, contacted: 3, resolved: 3, resolvedOnTime: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, reopened: 1, visits: 3 });
    expect(s.rates).toEqual({ response: 0.75, contact: 0.75, resolution: 0.75, onTimeResolution: 1, satisfaction: 0.6667, reopen: 0.3333 });
    expect(s.timeToResolveMs).toEqual({ median: 30 * HOUR, p90: 30 * HOUR });
    expect(summarize([]).rates.response).toBeNull();
  });

  it('percentiles are nearest-rank', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});
