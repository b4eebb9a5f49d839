import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionCommand } from '../../domain/command';
import { decide } from '../../domain/decide';
import { dueAt, isOverdue, nextWakeAt } from '../../domain/deadlines';
import { CaseRuleError } from '../../domain/errors';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness, policyWith } from './fixtures';

const housing = department('lixian-housing');
const H = 3_600_000;

describe('deadlines', () => {
  it('warns at warnAt, then misses and escalates at the deadline', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    const assignedAt = c.now;
    expect(nextWakeAt(c.state)).toBe(assignedAt + 1.5 * H);
    expect(c.advance(1.5 * H - 1).run({ type: 'tick' })).toEqual([]);
    expect(c.advance(1).run({ type: 'tick' }).map((e) => e.type)).toEqual(['deadline_warning']);
    expect(nextWakeAt(c.state)).toBe(assignedAt + 2 * H);
    expect(c.advance(0.5 * H).run({ type: 'tick' }).map((e) => e.type)).toEqual(['deadline_missed', 'case_escalated']);
    expect(c.state.escalationLevel).toBe(1);
    expect(isOverdue(c.state)).toBe(true);
    // Next: one further allowance (2 h) later, one level higher.
    expect(nextWakeAt(c.state)).toBe(assignedAt + 4 * H);
  });

  it('climbs one level per further allowance; the leader of level 3 takes the case; stops at the top', () => {
    const c = new CaseHarness(policyWith({ escalationLevels: 4, leaderAtLevel: 3 }), [
      { level: 1, jurisdictionId: 'liyang', leader: null },
      { level: 2, jurisdictionId: 'lixian', leader: null },
      { level: 3, jurisdictionId: 'lixian', leader: 'Deputy County Head Wang' },
      { level: 4, jurisdictionId: 'changde', leader: 'Vice Mayor Zhou' },
    ]);
    c.classifyAndRoute();
    const assignedAt = c.now;
    c.advance(2 * H).run({ type: 'tick' });
    expect(c.state.escalationLevel).toBe(1);
    expect(c.advance(2 * H - 1).run({ type: 'tick' })).toEqual([]);
    expect(c.advance(1).run({ type: 'tick' })).toMatchObject([{ type: 'case_escalated', data: { fromLevel: 1, toLevel: 2, reason: 'deadline_missed', step: 'accept' } }]);
    expect(nextWakeAt(c.state)).toBe(assignedAt + 6 * H);
    expect(c.advance(2 * H).run({ type: 'tick' })).toMatchObject([
      { type: 'case_escalated', data: { toLevel: 3 } },
      { type: 'leader_assigned', data: { leader: 'Deputy County Head Wang', reason: 'escalated to level 3' } },
    ]);
    expect(c.advance(2 * H).run({ type: 'tick' }).map((e) => e.type)).toEqual(['case_escalated']);
    expect(c.state).toMatchObject({ escalationLevel: 4, leader: 'Deputy County Head Wang' });
    expect(nextWakeAt(c.state)).toBeUndefined();
  });

  it('keeps the old single escalation for cases whose recorded policy predates repeat escalation', () => {
    const old: Partial<ReturnType<typeof policyWith>> = policyWith();
    delete old.repeatEscalation;
    delete old.leaderAtLevel;
    delete old.backlogAfter;
    const c = new CaseHarness(old as ReturnType<typeof policyWith>);
    c.classifyAndRoute();
    c.advance(2 * H).run({ type: 'tick' });
    expect(c.state.escalationLevel).toBe(1);
    expect(nextWakeAt(c.state)).toBeUndefined();
    expect(c.state.backlogAt).toBeNull();
  });

  it('restarts the accept clock on reassignment, forgetting the old lateness', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.advance(2 * H).run({ type: 'tick' });
    c.run({ type: 'reassign', actor: supervisor, input: { departmentId: 'lixian-urban-management', reason: 'r' } });
    expect(c.state.steps.accept).toMatchObject({ startedAt: c.now, missed: false, escalations: 0 });
    expect(isOverdue(c.state)).toBe(false);
    expect(nextWakeAt(c.state)).toBe(c.now + 1.5 * H);
  });

  it('adds a pause to every running step and sleeps while paused', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.run({ type: 'accept', actor: housing, input: {} });
    const resolveDue = dueAt(c.state.steps.resolve!);
    c.advance(H).run({ type: 'pause', actor: housing, input: { reason: 'waiting for documents' } });
    expect(nextWakeAt(c.state)).toBeUndefined();
    expect(c.advance(10 * H).run({ type: 'tick' })).toEqual([]);
    c.run({ type: 'resume', actor: housing, input: {} });
    expect(c.state.totalPausedMs).toBe(10 * H);
    expect(dueAt(c.state.steps.resolve!)).toBe(resolveDue + 10 * H);
  });

  it('closes with no_feedback when the feedback window ends, without a warning', () => {
    const c = new CaseHarness();
    c.classifyAndRoute();
    c.run({ type: 'accept', actor: housing, input: {} });
    c.run({ type: 'contact', actor: housing, input: { note: 'n' } });
    c.run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } });
    expect(nextWakeAt(c.state)).toBe(c.now + 72 * H);
    expect(c.advance(72 * H).run({ type: 'tick' })).toMatchObject([{ type: 'case_closed', data: { outcome: 'no_feedback' } }]);
  });

  // Whatever happened before, when the workflow wakes at nextWakeAt the tick must record
  // something: otherwise the workflow would spin on a timer that changes nothing.
  it('always has something to record at the instant it asks to be woken (property)', () => {
    const actions: ((c: CaseHarness) => ActionCommand)[] = [
      () => ({ type: 'accept', actor: housing, input: {} }),
      () => ({ type: 'contact', actor: housing, input: { note: 'n' } }),
      () => ({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T01:00:00Z', cadres: ['a'] } }),
      (c) => ({ type: 'completeVisit', actor: housing, input: { visitId: c.state.visits[0]?.id ?? 'none', findings: 'f' } }),
      () => ({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } }),
      () => ({ type: 'pause', actor: housing, input: { reason: 'r' } }),
      () => ({ type: 'resume', actor: housing, input: {} }),
      () => ({ type: 'extend', actor: supervisor, input: { step: 'resolve', by: 'PT6H', reason: 'r' } }),
      () => ({ type: 'feedback', actor: street, input: { rating: 'unsatisfied' } }),
      () => ({ type: 'escalate', actor: supervisor, input: { reason: 'r' } }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: actions.length }), fc.integer({ min: 0, max: 100 * H })), { maxLength: 30 }), (script) => {
        const c = new CaseHarness();
        c.classifyAndRoute();
        for (const [which, wait] of script) {
          c.advance(wait);
          const wake = nextWakeAt(c.state);
          if (which === actions.length || (wake !== undefined && c.now >= wake)) {
            if (wake !== undefined && c.now >= wake) expect(c.run({ type: 'tick' }).length).toBeGreaterThan(0);
            continue;
          }
          try {
            c.run(actions[which]!(c));
          } catch (e) {
            if (!(e instanceof CaseRuleError)) throw e;
          }
        }
        expect(c.state.version).toBe(c.events.length);
        const finalWake = nextWakeAt(c.state);
        if (finalWake !== undefined) {
          c.now = Math.max(c.now, finalWake);
          expect(decide(c.state, { type: 'tick' }, { now: c.now, newId: () => 'x' }).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
