import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRejectedError } from '../../api/case-service';
import { deadlinesFromEvents } from '../../domain/case-deadlines';
import { deadlines, isOverdue, nextWakeAt } from '../../domain/deadlines';
import type { ActionInput, ActionName } from '../../schema/commands';
import { caseStateQuery, workflowIdOf } from '../../workflows/definitions';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { fastPolicy } from '../support/policies';
import { startTestEngine, type TestEngine } from '../support/test-engine';

const housing = department('lixian-housing');
const urban = department('lixian-urban-management');

type Step = { wait: number } | { action: ActionName; as: 'housing' | 'urban' | 'supervisor'; input: object };

const steps: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 0, max: 2500 }).map((wait) => ({ wait })),
  fc.constantFrom<Step>(
    { action: 'accept', as: 'housing', input: {} },
    { action: 'accept', as: 'urban', input: {} },
    { action: 'contact', as: 'housing', input: { note: 'called' } },
    { action: 'pause', as: 'housing', input: { reason: 'resident away' } },
    { action: 'resume', as: 'housing', input: {} },
    { action: 'extend', as: 'supervisor', input: { step: 'accept', by: 'PT1S', reason: 'busy week' } },
    { action: 'extend', as: 'supervisor', input: { step: 'resolve', by: 'PT2S', reason: 'parts on order' } },
    { action: 'escalate', as: 'supervisor', input: { reason: 'complaint' } },
    { action: 'reassign', as: 'supervisor', input: { departmentId: 'lixian-urban-management' } },
  ),
);

/**
 * The workflow keeps its own state and timers; the read model and SLA repair fold the event
 * log. For random action sequences on the real server, both must give the same deadlines,
 * overdue flag and escalation level at the same version of the case.
 */
describe('the workflow and the events-only deadline computation agree', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ policy: fastPolicy });
  });
  afterAll(() => engine?.close());

  it('on random sequences of actions and waits (property, real Temporal)', async () => {
    const people = { housing, urban, supervisor };
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { minLength: 2, maxLength: 6 }), async (sequence) => {
        const c = await engine.service.submit(sewerReport, street);
        for (const step of sequence) {
          if ('wait' in step) {
            await new Promise((r) => setTimeout(r, step.wait));
            continue;
          }
          try {
            await engine.service.act(c.caseId, step.action, people[step.as], step.input as ActionInput<typeof step.action>);
          } catch (error) {
            if (!(error instanceof ActionRejectedError)) throw error;
          }
        }
        const state = await engine.client.workflow.getHandle(workflowIdOf(c.caseId)).query(caseStateQuery);
        // Timers may fire meanwhile: compare at the version the workflow answered for.
        const events = (await engine.service.events(c.caseId)).filter((e) => e.seq <= state.version).map((e) => e.event);
        expect(events).toHaveLength(state.version);
        const fromEvents = deadlinesFromEvents(c.caseId, events);
        expect(fromEvents).toEqual({ deadlines: deadlines(state), overdue: isOverdue(state), escalationLevel: state.escalationLevel, nextWakeAt: nextWakeAt(state) });
      }),
      { numRuns: 6 },
    );
  });
});
