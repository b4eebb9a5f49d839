import { ApplicationFailure, Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendRequest } from '../../store/append-events';
import { department, sewerReport, street } from '../support/actors';
import { startTestEngine, type TestEngine } from '../support/test-engine';

describe('an append activity that fails after writing', () => {
  let engine: TestEngine;
  let lostAcks = 0;
  beforeAll(async () => {
    engine = await startTestEngine({
      activities: (real) => ({
        ...real,
        // Writes, then loses the acknowledgement on every first attempt, as a crash after commit would.
        async appendEvents(req: AppendRequest) {
          const result = await real.appendEvents(req);
          if (Context.current().info.attempt === 1) {
            lostAcks++;
            throw ApplicationFailure.retryable('simulated crash after commit', 'LostAcknowledgement');
          }
          return result;
        },
      }),
    });
  });
  afterAll(() => engine?.close());

  it('is retried and leaves exactly one copy of each event', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', department('lixian-housing'), {});
    const events = await engine.service.events(c.caseId);
    expect(events.map((e) => e.event.type)).toEqual(['case_reported', 'case_classified', 'case_assigned', 'assignment_accepted']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // One append per step (intake's three events together, then the acceptance), each retried once.
    expect(lostAcks).toBe(2);
    const row = await engine.db.selectFrom('cases').select(['version', 'status']).where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 4, status: 'accepted' });
  });
});
