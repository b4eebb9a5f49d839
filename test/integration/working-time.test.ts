import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate, localDayNumber } from '../../domain/time-zone';
import { addWorkingTime } from '../../domain/working-calendar';
import type { WorkingCalendarInput } from '../../schema/calendar';
import demoCity from '../../config/demo-city.json';
import { deadlinesFromEvents } from '../../domain/case-deadlines';
import { deadlines } from '../../domain/deadlines';
import { createCaseService } from '../../api/case-service';
import { Directory } from '../../schema/directory';
import { CasePolicy } from '../../schema/policy';
import { logger } from '../../worker/logger';
import { recomputeDeadlines } from '../../worker/recompute-deadlines';
import { caseStateQuery, workflowIdOf } from '../../workflows/definitions';
import { sewerReport, street } from '../support/actors';
import { startTestEngine, type TestEngine } from '../support/test-engine';

const DAY = 86_400_000;
const ZONE = 'Asia/Shanghai';
const today = localDayNumber(ZONE, Date.now());

/**
 * The real server's clock cannot be moved, so the calendar is moved instead: today is the eve
 * of a seven-day holiday block, and every other day is worked around the clock. A case with a
 * day of working time to accept is then due exactly eight days after it was assigned.
 */
const holidayEve: WorkingCalendarInput = {
  version: 'test-holiday-eve',
  timeZone: ZONE,
  workingHours: [{ start: '00:00', end: '24:00' }],
  weekendDays: [],
  holidays: Array.from({ length: 7 }, (_, i) => isoDate(today + 1 + i)),
  makeupWorkdays: [],
};
const day = { dispatch: 'P1D', accept: 'P1D', contact: 'P1D', visit: 'P1D', resolve: 'P1D', feedback: 'P1D' };

describe('a working-time case submitted on the eve of a holiday block (real Temporal)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ policy: { calendar: 'working', deadlines: { normal: day, urgent: day, emergency: day } }, directory: { calendar: holidayEve } });
  });
  afterAll(() => engine?.close());

  it('is due after the holidays, in the workflow, the event log and the read model alike, and keeps its calendar version', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const assignedAt = (await engine.service.events(c.caseId)).find((e) => e.event.type === 'case_assigned')!.event.at;
    const expected = addWorkingTime(engine.directory.calendar!, assignedAt, DAY);
    expect(expected - assignedAt).toBe(8 * DAY);

    const state = await engine.client.workflow.getHandle(workflowIdOf(c.caseId)).query(caseStateQuery);
    expect(state.calendar?.version).toBe('test-holiday-eve');
    const reported = (await engine.service.events(c.caseId))[0]!.event;
    expect((reported.data as { calendar?: { version: string } }).calendar?.version).toBe('test-holiday-eve');
    const row = await engine.db.selectFrom('cases').select(['next_due_at', 'state']).where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row.next_due_at?.getTime()).toBe(expected);
    const accept = row.state.steps.accept!;
    expect(accept.startedAt).toBe(assignedAt);
    expect(c.status).toBe('assigned');
  });

  it('moves open cases to a corrected calendar: calendar_changed is recorded and the deadline follows, in workflow and read model', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const assignedAt = (await engine.service.events(c.caseId)).find((e) => e.event.type === 'case_assigned')!.event.at;
    const corrected = Directory.parse({ ...demoCity, calendar: { ...holidayEve, version: 'test-holidays-cancelled', holidays: [] } });
    const report = await recomputeDeadlines({ db: engine.db, service: engine.service, directory: corrected, adoptCalendar: true, log: logger.child({ test: 'recompute' }) });
    expect(report.adopted).toContain(c.caseId);
    expect(report.refolded.differing).toEqual([]);

    const events = (await engine.service.events(c.caseId)).map((e) => e.event);
    expect(events.at(-1)).toMatchObject({ type: 'calendar_changed', data: { fromVersion: 'test-holiday-eve', toVersion: 'test-holidays-cancelled' } });
    const state = await engine.client.workflow.getHandle(workflowIdOf(c.caseId)).query(caseStateQuery);
    expect(deadlines(state).find((d) => d.step === 'accept')?.dueAt).toBe(assignedAt + DAY);
    expect(deadlinesFromEvents(c.caseId, events).deadlines).toEqual(deadlines(state));
    const row = await engine.db.selectFrom('cases').select('next_due_at').where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row.next_due_at?.getTime()).toBe(assignedAt + DAY);

    // Run again: nothing left to move.
    expect((await recomputeDeadlines({ db: engine.db, service: engine.service, directory: corrected, adoptCalendar: true, log: logger.child({ test: 'recompute' }) })).adopted).toEqual([]);
  });

  it('a changed policy file affects new cases only; each case shows the policy version it keeps', async () => {
    const before = await engine.service.submit(sewerReport, street);
    const v2 = CasePolicy.parse({ ...engine.policy, version: 'policy-v2', calendar: '24x7' });
    const newService = createCaseService({ client: engine.client, db: engine.db, taskQueue: engine.taskQueue, policy: v2, directory: engine.directory });
    const after = await newService.submit(sewerReport, street);
    expect([before.policy?.version, after.policy?.version]).toEqual([engine.policy.version, 'policy-v2']);
    expect([before.calendar?.version, after.calendar]).toEqual(['test-holiday-eve', null]);
    // The earlier case is still due after the holidays; the new one a wall-clock day after assignment.
    const due = async (caseId: string) => (await engine.db.selectFrom('cases').select('next_due_at').where('id', '=', caseId).executeTakeFirstOrThrow()).next_due_at!.getTime();
    const assigned = async (caseId: string) => (await engine.service.events(caseId)).find((e) => e.event.type === 'case_assigned')!.event.at;
    expect((await due(before.caseId)) - (await assigned(before.caseId))).toBe(8 * DAY);
    expect((await due(after.caseId)) - (await assigned(after.caseId))).toBe(DAY);
  });

  it('an emergency case counts around the clock and carries no calendar', async () => {
    const c = await engine.service.submit({ ...sewerReport, urgency: 'emergency' }, street);
    expect(c.calendar).toBeNull();
    const assignedAt = (await engine.service.events(c.caseId)).find((e) => e.event.type === 'case_assigned')!.event.at;
    const row = await engine.db.selectFrom('cases').select('next_due_at').where('id', '=', c.caseId).executeTakeFirstOrThrow();
    // Due one wall-clock day after assignment, holidays or not.
    expect(row.next_due_at?.getTime()).toBe(assignedAt + DAY);
  });
});
