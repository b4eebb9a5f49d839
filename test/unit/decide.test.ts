import { describe, expect, it } from 'vitest';
import { dueAt } from '../../domain/deadlines';
import { decide } from '../../domain/decide';
import { CaseRuleError } from '../../domain/errors';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness, policyWith } from './fixtures';

const housing = department('lixian-housing');
const H = 3_600_000;

describe('decide: intake', () => {
  it('routes a confident classification and records the rule', () => {
    const c = new CaseHarness();
    const events = c.classifyAndRoute();
    expect(events).toMatchObject([{ type: 'case_assigned', data: { departmentId: 'lixian-housing', rule: 'drainage@changde', by: 'routing' } }]);
    expect(c.state.status).toBe('assigned');
    expect(c.state.steps.accept).toMatchObject({ allowanceMs: 2 * H, warned: false, missed: false });
  });

  it('sends an unsure classification to a dispatcher with the suggestions', () => {
    const c = new CaseHarness(policyWith({ autoRouteConfidence: 0.8 }));
    const suggestions = [{ categoryId: 'noise', score: 0.6 }];
    const events = c.run({ type: 'classified', result: { categoryId: 'noise', confidence: 0.6, evidence: ['吵'], suggestions } });
    expect(events).toMatchObject([{ type: 'dispatch_requested', data: { reason: 'low_confidence', suggestions } }]);
    expect(c.state.status).toBe('awaiting_dispatch');
  });

  it('never routes back to a department that returned the case', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.run({ type: 'return', actor: housing, input: { reason: 'not ours' } });
    const events = c.run({ type: 'routed', result: { departmentId: 'lixian-housing', assistingDepartmentIds: [], rule: 'x' } });
    expect(events).toMatchObject([{ type: 'dispatch_requested', data: { reason: 'no_route' } }]);
  });

  it('refuses a second report', () => {
    const c = new CaseHarness();
    expect(() => c.run({ type: 'report', actor: street, report: c.state.report!, policy: c.state.policy! })).toThrow(CaseRuleError);
  });
});

describe('decide: actions', () => {
  const inHand = () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.run({ type: 'accept', actor: housing, input: {} });
    return c;
  };

  it('rejects a department that is not assigned, naming the status', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    const error = (() => {
      try {
        c.run({ type: 'accept', actor: department('changde-water'), input: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'forbidden', status: 'assigned' });
  });

  it('requires contact before resolution and the right role for feedback', () => {
    const c = inHand();
    expect(() => c.run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } })).toThrow(/contact the resident/);
    c.run({ type: 'contact', actor: housing, input: { note: 'n' } });
    expect(c.state.steps.contact).toBeUndefined();
    c.run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'explained' } });
    expect(() => c.run({ type: 'feedback', actor: housing, input: { rating: 'satisfied' } })).toThrow(/only street or supervisor/);
    expect(c.run({ type: 'feedback', actor: street, input: { rating: 'basically_satisfied' } }).map((e) => e.type)).toEqual(['feedback_received', 'case_closed']);
    expect(c.state).toMatchObject({ status: 'closed', outcome: 'basically_satisfied', steps: {} });
  });

  it('mints visit ids from the context and records findings once', () => {
    const c = inHand();
    const [scheduled] = c.run({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T09:00:00+08:00', cadres: ['Liu'] } });
    const visitId = (scheduled!.data as { visitId: string }).visitId;
    expect(visitId).toMatch(/^id-/);
    expect(() => c.run({ type: 'completeVisit', actor: housing, input: { visitId: 'nope', findings: 'f' } })).toThrow(/no visit nope/);
    c.run({ type: 'completeVisit', actor: housing, input: { visitId, findings: 'f' } });
    expect(() => c.run({ type: 'completeVisit', actor: housing, input: { visitId, findings: 'f' } })).toThrow(/already been recorded/);
    expect(c.state.steps.visit).toBeUndefined();
  });

  it('limits extensions of a step to one more allowance in all and moves the deadline', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    expect(() => c.run({ type: 'extend', actor: supervisor, input: { step: 'accept', by: 'PT3H', reason: 'r' } })).toThrow(/up to its own allowance \(120 min\)/);
    expect(() => c.run({ type: 'extend', actor: supervisor, input: { step: 'visit', by: 'PT1H', reason: 'r' } })).toThrow(/not running/);
    const due = c.now + 2 * H;
    const [e] = c.run({ type: 'extend', actor: supervisor, input: { step: 'accept', until: new Date(due + H).toISOString(), reason: 'r' } });
    expect(e).toMatchObject({ type: 'deadline_extended', data: { byMs: H, dueAt: new Date(due + H).toISOString() } });
    // One hour of the two is granted: another hour fits, a second more does not.
    expect(() => c.run({ type: 'extend', actor: supervisor, input: { step: 'accept', by: 'PT1H1S', reason: 'r' } })).toThrow(/60 min are already granted/);
    c.run({ type: 'extend', actor: supervisor, input: { step: 'accept', by: 'PT1H', reason: 'r' } });
    expect(dueAt(c.state.steps.accept!)).toBe(due + 2 * H);
  });

  it('refuses to escalate past the highest level', () => {
    const c = new CaseHarness(policyWith({ escalationLevels: 1 }));
    c.classifyAndRoute();
    c.run({ type: 'escalate', actor: supervisor, input: { reason: 'r' } });
    expect(() => c.run({ type: 'escalate', actor: supervisor, input: { reason: 'r' } })).toThrow(/highest escalation level/);
  });

  it('rejects every action on a closed case', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.run({ type: 'close', actor: supervisor, input: { reason: 'duplicate of an open case' } });
    expect(() => decide(c.state, { type: 'withdraw', actor: street, input: { reason: 'r' } }, { now: c.now, newId: () => 'x' })).toThrow(/closed/);
  });
});
