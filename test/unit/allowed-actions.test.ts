// allowedActions must be exactly what decide accepts: an offered action is never refused for the
// case's state or the caller's role, and one left out always is (CONTRACT.md, "Case view").
import { describe, expect, it } from 'vitest';
import { ACTION_TABLE, allowedActions, ruleBreak } from '../../domain/action-table';
import type { ActionCommand } from '../../domain/command';
import { activeClocks } from '../../domain/deadlines';
import { decide } from '../../domain/decide';
import { CaseRuleError } from '../../domain/errors';
import type { Actor } from '../../schema/actor';
import { ACTION_NAMES, type ActionName } from '../../schema/action-names';
import type { ActionInput } from '../../schema/commands';
import type { CaseState } from '../../schema/case-state';
import { STATUSES } from '../../schema/case-state';
import { department, street, supervisor } from '../support/actors';
import { CaseHarness, directory, policyWith } from './fixtures';

const housing = department('lixian-housing');
const ACTORS: Record<string, Actor> = {
  street,
  supervisor,
  'the assigned department': housing,
  'another department': department('lixian-health'),
  admin: { sub: 'root', role: 'admin', org: 'changde' },
};

/** Cases in every status, and in the conditions inside a status that the rules look at. */
function scenarios(): Record<string, CaseState> {
  const make = (steps: (c: CaseHarness) => void, c = new CaseHarness()) => {
    steps(c);
    return c.state;
  };
  const inHand = (c: CaseHarness) => {
    c.classifyAndRoute();
    c.run({ type: 'accept', actor: housing, input: {} });
  };
  const visitId = (c: CaseHarness) => c.state.visits.at(-1)!.id;
  const schedule = (c: CaseHarness) => c.run({ type: 'scheduleVisit', actor: housing, input: { scheduledFor: '2026-11-24T09:00:00+08:00', cadres: ['Liu'] } });
  const lowConfidence = (c: CaseHarness) => c.run({ type: 'classified', result: { categoryId: 'noise', confidence: 0.1, evidence: [], suggestions: [] } });
  return {
    reported: make(() => undefined),
    'awaiting dispatch': make(lowConfidence),
    'awaiting dispatch as a duplicate': make((c) => {
      c.run({ type: 'classified', result: { categoryId: 'drainage.sewer', confidence: 0.9, evidence: [], suggestions: [] } });
      c.run({ type: 'duplicateFound', duplicateOf: 'case-first', sameAddress: true, distanceM: null });
    }),
    assigned: make((c) => c.classifyAndRoute()),
    'assigned, clock paused': make((c) => {
      c.classifyAndRoute();
      c.run({ type: 'pause', actor: housing, input: { reason: 'resident away' } });
    }),
    accepted: make(inHand),
    'accepted and contacted': make((c) => {
      inHand(c);
      c.run({ type: 'contact', actor: housing, input: { note: 'called' } });
    }),
    'visit scheduled': make((c) => {
      inHand(c);
      schedule(c);
    }),
    'visit scheduled, every visit recorded': make((c) => {
      inHand(c);
      schedule(c);
      c.run({ type: 'completeVisit', actor: housing, input: { visitId: visitId(c), findings: 'f' } });
    }),
    resolved: make((c) => {
      inHand(c);
      c.run({ type: 'contact', actor: housing, input: { note: 'called' } });
      c.run({ type: 'resolve', actor: housing, input: { summary: 's', outcome: 'resolved' } });
    }),
    closed: make((c) => c.run({ type: 'close', actor: supervisor, input: { reason: 'r' } })),
    'at the highest escalation level': make((c) => {
      c.classifyAndRoute();
      for (let i = 0; i < c.state.policy!.escalationLevels; i++) c.run({ type: 'escalate', actor: supervisor, input: { reason: 'r' } });
    }),
    'on a working calendar': make((c) => c.classifyAndRoute(), new CaseHarness(policyWith({ calendar: 'working' }), undefined, { calendar: directory.calendar })),
  };
}

/** An input the action accepts on this case, so that only the rules of who and when can refuse it. */
function validInput(action: ActionName, s: CaseState): ActionInput<ActionName> {
  const inputs: { [A in ActionName]: ActionInput<A> } = {
    dispatch: { categoryId: 'drainage.sewer', departmentId: 'lixian-housing' },
    accept: {},
    return: { reason: 'not ours' },
    contact: { note: 'called the resident' },
    scheduleVisit: { scheduledFor: '2026-11-24T09:00:00+08:00', cadres: ['Liu'] },
    completeVisit: { visitId: s.visits.find((v) => v.completedAt === null)?.id ?? 'no-open-visit', findings: 'f' },
    resolve: { summary: 's', outcome: 'resolved' },
    feedback: { rating: 'satisfied' },
    pause: { reason: 'r' },
    resume: {},
    escalate: { reason: 'r' },
    reassign: { departmentId: s.departmentId === 'lixian-health' ? 'lixian-housing' : 'lixian-health' },
    extend: { step: activeClocks(s)[0]?.[0] ?? 'accept', by: 'PT1M', reason: 'r' },
    package: { leader: 'Director Li' },
    close: { reason: 'r' },
    withdraw: { reason: 'r' },
    unlinkDuplicate: { reason: 'r' },
    adoptCalendar: { calendar: { ...directory.calendar!, version: 'corrected' }, reason: 'r' },
    addAttachment: { id: 'att-new', name: 'photo.jpg', contentType: 'image/jpeg', size: 1000, sha256: 'a'.repeat(64), originalSha256: 'b'.repeat(64) },
  };
  return inputs[action];
}

function outcome(s: CaseState, action: ActionName, actor: Actor): 'accepted' | CaseRuleError['code'] {
  try {
    decide(s, { type: action, actor, input: validInput(action, s) } as ActionCommand, { now: s.updatedAt ?? 0, newId: () => 'id-new' });
    return 'accepted';
  } catch (error) {
    if (error instanceof CaseRuleError) return error.code;
    throw error;
  }
}

describe('allowedActions', () => {
  const cases = scenarios();

  it('covers every status', () => {
    expect(new Set(Object.values(cases).map((s) => s.status))).toEqual(new Set(STATUSES));
  });

  for (const [scenario, state] of Object.entries(cases)) {
    for (const [who, actor] of Object.entries(ACTORS)) {
      it(`agrees with decide for ${who} on a case ${scenario}`, () => {
        const offered = allowedActions(state, actor);
        for (const action of ACTION_NAMES) {
          const allowed = ACTION_TABLE[action].path === null ? ruleBreak(state, action, actor) === null : offered.includes(action);
          const result = outcome(state, action, actor);
          if (allowed) expect(result, `${action} is offered`).toBe('accepted');
          else expect(['forbidden', 'invalid_state'], `${action} is not offered, so decide refuses it for who or when`).toContain(result);
        }
      });
    }
  }

  it('offers the next step of the loop to the one who takes it', () => {
    expect(allowedActions(cases.assigned!, housing)).toEqual(['accept', 'return', 'pause']);
    expect(allowedActions(cases.resolved!, street)).toEqual(['feedback', 'withdraw', 'addAttachment']);
    expect(allowedActions(cases['awaiting dispatch']!, supervisor)).toContain('dispatch');
    expect(allowedActions(cases.closed!, supervisor)).toEqual([]);
  });
});
