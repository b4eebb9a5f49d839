import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionCommand } from '../../domain/command';
import { decide } from '../../domain/decide';
import { dueAt, isOverdue, nextWakeAt } from '../../domain/deadlines';
import { CaseRuleError } from '../../domain/errors';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness } from './fixtures';

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
    expect(nextWakeAt(c.state)).toBeUndefined();
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
