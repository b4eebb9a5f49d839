import { describe, expect, it } from 'vitest';
import { dueAt, nextWakeAt } from '../../domain/deadlines';
import { addWorkingTime } from '../../domain/working-calendar';
import { countsWorkingTime } from '../../schema/policy';
import { department, supervisor } from '../support/actors';
import { CaseHarness, directory, policyWith } from './fixtures';

const housing = department('lixian-housing');
const calendar = directory.calendar!;
const working = policyWith({ calendar: 'working' });
/** Shanghai wall time (UTC+8, no DST) as epoch ms. */
const cst = (local: string) => Date.parse(`${local}+08:00`);
const H = 3_600_000;

describe('deadlines in working time (Changde calendar: 08:30–12:00, 14:30–17:30, 2026 holidays)', () => {
  it('a case assigned at 16:00 on the eve of the National Day block is due at 09:00 on 8 October, warned at 17:30 on the eve', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    // 2 h to accept: 16:00–17:30 is 1.5 h; 1–7 October are holidays; 08:30 + 0.5 h on the 8th.
    expect(dueAt(c.state.steps.accept!, c.state.calendar)).toBe(cst('2026-10-08T09:00:00'));
    // Warning at 75 % = 1.5 h of working time: the end of the afternoon period.
    expect(nextWakeAt(c.state)).toBe(cst('2026-09-30T17:30:00'));
    expect(c.state.backlogAt).toBeGreaterThan(cst('2026-10-08T09:00:00'));
  });

  it('a pause stops only working time; the due time moves by the working time paused', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    c.run({ type: 'accept', actor: housing, input: {} });
    const contactDue = dueAt(c.state.steps.contact!, c.state.calendar);
    c.now = cst('2026-09-30T17:00:00');
    c.run({ type: 'pause', actor: housing, input: { reason: 'resident away for the holiday' } });
    c.now = cst('2026-10-08T09:00:00');
    c.run({ type: 'resume', actor: housing, input: {} });
    // Paused working time: 17:00–17:30 on the eve and 08:30–09:00 on the 8th = 1 h.
    expect(c.state.steps.contact!.pausedMs).toBe(H);
    // One more working hour, which from a late-morning due time runs over the lunch break.
    expect(dueAt(c.state.steps.contact!, c.state.calendar)).toBe(addWorkingTime(calendar, contactDue, H));
    expect(new Date(contactDue).toISOString()).toBe('2026-10-12T03:30:00.000Z');
  });

  it('an extension "until" an instant is counted in working time', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    // Due 8 Oct 09:00; until 8 Oct 10:00 is one working hour more.
    const [e] = c.run({ type: 'extend', actor: supervisor, input: { step: 'accept', until: '2026-10-08T10:00:00+08:00', reason: 'holiday' } });
    expect(e).toMatchObject({ data: { byMs: H, dueAt: new Date(cst('2026-10-08T10:00:00')).toISOString() } });
  });

  it('misses at the working-time deadline and climbs again after a further working allowance', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    c.now = cst('2026-10-08T09:00:00');
    // No warning once the deadline itself has passed.
    expect(c.run({ type: 'tick' }).map((e) => e.type)).toEqual(['deadline_missed', 'case_escalated']);
    // A further 2 working hours: 09:00 → 11:00.
    expect(nextWakeAt(c.state)).toBe(cst('2026-10-08T11:00:00'));
  });

  it('emergencies count around the clock unless the policy says otherwise', () => {
    expect(countsWorkingTime(working, 'normal')).toBe(true);
    expect(countsWorkingTime(working, 'emergency')).toBe(false);
    expect(countsWorkingTime(policyWith({ calendar: 'working', emergencyCalendar: 'working' }), 'emergency')).toBe(true);
    expect(countsWorkingTime(policyWith(), 'normal')).toBe(false);
  });
});

describe('adopting a corrected calendar', () => {
  const admin = { sub: 'ops', role: 'admin' as const, org: 'changde' };
  const corrected = { ...calendar, version: 'cn-2026-2027.2', holidays: calendar.holidays.filter((d) => !d.startsWith('2026-10')) };

  it('records calendar_changed and moves the deadline to the new calendar', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    const [e] = c.run({ type: 'adoptCalendar', actor: admin, input: { calendar: corrected, reason: 'National Day cancelled' } });
    expect(e).toMatchObject({ type: 'calendar_changed', data: { fromVersion: 'cn-2026-2027.1', toVersion: 'cn-2026-2027.2' } });
    // 1.5 h on the eve, then 0.5 h from 08:30 on Thursday 1 October, now a working day.
    expect(dueAt(c.state.steps.accept!, c.state.calendar)).toBe(cst('2026-10-01T09:00:00'));
  });

  it('is for administrators, for working-time cases, and for another version only', () => {
    const c = new CaseHarness(working, undefined, { calendar, now: cst('2026-09-30T16:00:00') });
    c.classifyAndRoute();
    expect(() => c.run({ type: 'adoptCalendar', actor: supervisor, input: { calendar: corrected, reason: 'r' } })).toThrow(/only an administrator/);
    expect(() => c.run({ type: 'adoptCalendar', actor: admin, input: { calendar, reason: 'r' } })).toThrow(/already uses calendar cn-2026-2027.1/);
    const aroundTheClock = new CaseHarness(policyWith());
    expect(() => aroundTheClock.run({ type: 'adoptCalendar', actor: admin, input: { calendar: corrected, reason: 'r' } })).toThrow(/around the clock/);
  });
});
