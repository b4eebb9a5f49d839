import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../schema/events';
import { deadlinesFromEvents } from '../../domain/case-deadlines';
import { deadlines, isOverdue, nextWakeAt } from '../../domain/deadlines';
import { caseStateQuery, workflowIdOf } from '../../workflows/definitions';
import { department, sewerReport, street, supervisor } from '../support/actors';
import { fastPolicy } from '../support/policies';
import { eventually, startTestEngine, type TestEngine } from '../support/test-engine';

const housing = department('lixian-housing');

describe('deadlines on every waiting step (policy durations of seconds)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ policy: fastPolicy });
  });
  // Every case of these tests: the workflow's deadlines equal the fold of its logged events.
  afterAll(async () => {
    try {
      const cases = (await engine.db.selectFrom('cases').select('id').execute()).map((r) => r.id);
      for (const caseId of cases) {
        const state = await engine.client.workflow.getHandle(workflowIdOf(caseId)).query(caseStateQuery);
        const events = (await engine.service.events(caseId)).filter((e) => e.seq <= state.version).map((e) => e.event);
        expect(deadlinesFromEvents(caseId, events), caseId).toEqual({ deadlines: deadlines(state), overdue: isOverdue(state), escalationLevel: state.escalationLevel, nextWakeAt: nextWakeAt(state) });
      }
      expect(cases.length).toBeGreaterThanOrEqual(5);
    } finally {
      await engine?.close();
    }
  });

  const eventsOf = async (caseId: string): Promise<CaseEvent[]> => (await engine.service.events(caseId)).map((e) => e.event);
  const waitFor = (caseId: string, test: (events: CaseEvent[]) => boolean) =>
    eventually(async () => {
      const events = await eventsOf(caseId);
      return test(events) && events;
    });
  const count = (events: CaseEvent[], type: string, step?: string) =>
    events.filter((e) => e.type === type && (step === undefined || (e.data as { step?: string }).step === step)).length;

  it('warns, then marks the accept step missed and escalates one level, notifying the next supervisors', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const events = await waitFor(c.caseId, (ev) => count(ev, 'case_escalated') === 1);
    expect(events.slice(3).map((e) => e.type)).toEqual(['deadline_warning', 'deadline_missed', 'case_escalated']);
    const missed = events.find((e) => e.type === 'deadline_missed')!;
    expect(missed.at).toBeGreaterThanOrEqual(events[2]!.at + 2000);
    const row = await engine.db.selectFrom('cases').selectAll().where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ overdue: true, escalation_level: 1 });
    // The outbox is written by an activity after the events are appended, so it may trail them.
    const outbox = await eventually(async () => {
      const rows = await engine.db.selectFrom('outbox').selectAll().where('case_id', '=', c.caseId).orderBy('created_at').orderBy('recipient_id').execute();
      return rows.length >= 4 && rows;
    });
    expect(outbox.map((o) => [o.kind, o.recipient_kind, o.recipient_id])).toEqual([
      // The assignment is told to the lead and the assisting department.
      ['case_assigned', 'department', 'changde-municipal-works'],
      ['case_assigned', 'department', 'lixian-housing'],
      ['deadline_warning', 'department', 'lixian-housing'],
      ['case_escalated', 'supervisors', 'xihu'],
    ]);
  });

  it('escalates each missed step, then climbs a level per further allowance to the top, where the level-3 leader has taken the case', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', housing, {});
    const events = await waitFor(c.caseId, (ev) => count(ev, 'case_escalated') === 5);
    expect(['contact', 'visit', 'resolve'].map((s) => count(events, 'deadline_missed', s))).toEqual([1, 1, 1]);
    const levels = events.filter((e) => e.type === 'case_escalated').map((e) => (e.data as { toLevel: number }).toLevel);
    expect(levels).toEqual([1, 2, 3, 4, 5]);
    const leaders = events.filter((e) => e.type === 'leader_assigned');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]!.data).toMatchObject({ leader: 'Deputy County Head Wang Jun', reason: 'escalated to level 3' });
    const recipients = await eventually(async () => {
      const rows = await engine.db.selectFrom('outbox').select('recipient_id').where('case_id', '=', c.caseId).where('kind', '=', 'case_escalated').orderBy('created_at').execute();
      return rows.length >= 5 && rows;
    });
    // Level 5 is past the city, the top of the ladder: the city hears again.
    expect(recipients.map((r) => r.recipient_id)).toEqual(['xihu', 'liyang', 'lixian', 'changde', 'changde']);
    const row = await engine.db.selectFrom('cases').select(['escalation_level', 'overdue']).where('id', '=', c.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ escalation_level: 5, overdue: true });
  });

  it('escalates a case nobody dispatches', async () => {
    const c = await engine.service.submit({ ...sewerReport, title: undefined, description: 'Please help with a problem' }, street);
    expect(c.status).toBe('awaiting_dispatch');
    const events = await waitFor(c.caseId, (ev) => count(ev, 'case_escalated') === 1);
    expect(count(events, 'deadline_missed', 'dispatch')).toBe(1);
  });

  it('closes a resolved case with no_feedback when the feedback window passes', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'accept', housing, {});
    await engine.service.act(c.caseId, 'contact', housing, { note: 'called' });
    await engine.service.act(c.caseId, 'resolve', housing, { summary: 'fixed', outcome: 'resolved' });
    const events = await waitFor(c.caseId, (ev) => ev.at(-1)?.type === 'case_closed');
    expect(events.at(-1)!.data).toMatchObject({ outcome: 'no_feedback' });
    expect(await engine.client.workflow.getHandle(c.caseId).result()).toMatchObject({ status: 'closed', outcome: 'no_feedback' });
  });

  it('moves the deadline by a supervisor\'s extension', async () => {
    const c = await engine.service.submit(sewerReport, street);
    const extended = await engine.service.act(c.caseId, 'extend', supervisor, { step: 'accept', by: 'PT2S', reason: 'the department is at a flood site' });
    const events = await waitFor(c.caseId, (ev) => count(ev, 'deadline_missed', 'accept') === 1);
    const assigned = events.find((e) => e.type === 'case_assigned')!;
    const missed = events.find((e) => e.type === 'deadline_missed')!;
    expect(Date.parse((missed.data as { dueAt: string }).dueAt)).toBe(assigned.at + 4000);
    expect(missed.at).toBeGreaterThanOrEqual(assigned.at + 4000);
    expect(extended.steps.accept?.extendedMs).toBe(2000);
  });

  it('stops the clock while paused and restarts it on resume', async () => {
    const c = await engine.service.submit(sewerReport, street);
    await engine.service.act(c.caseId, 'pause', housing, { reason: 'Resident abroad until Monday' });
    await new Promise((r) => setTimeout(r, 3000));
    const whilePaused = await eventsOf(c.caseId);
    expect(count(whilePaused, 'deadline_missed')).toBe(0);
    const resumed = await engine.service.act(c.caseId, 'resume', housing, { reason: 'Resident back' });
    expect(resumed.totalPausedMs).toBeGreaterThanOrEqual(3000);
    const events = await waitFor(c.caseId, (ev) => count(ev, 'deadline_missed', 'accept') === 1);
    const assigned = events.find((e) => e.type === 'case_assigned')!;
    const missed = events.find((e) => e.type === 'deadline_missed')!;
    const paused = (events.find((e) => e.type === 'clock_resumed')!.data as { pausedMs: number }).pausedMs;
    expect(paused).toBeGreaterThanOrEqual(3000);
    // Due two seconds of running clock after assignment: the pause is added on top.
    expect(Date.parse((missed.data as { dueAt: string }).dueAt)).toBe(assigned.at + 2000 + paused);
  });
});
