import type { WorkingCalendar } from '../schema/calendar';
import { minuteOfDay } from '../schema/minute-of-day';
import { DAY_MS, isoDate, localDayNumber, wallToUtc, weekday } from './time-zone';

// Every function walks whole days, each day's working periods computed once and kept, so
// a deadline weeks away costs a few dozen steps rather than one per minute.

type Period = readonly [start: number, end: number];

interface Compiled {
  zone: string;
  weekend: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  makeup: ReadonlySet<string>;
  /** Working periods as milliseconds after local midnight. */
  hours: readonly Period[];
  days: Map<number, readonly Period[]>;
}

// Calendars are configuration, parsed once and never changed, so the object identifies its data.
const compiledCalendars = new WeakMap<WorkingCalendar, Compiled>();
const DAYS_LIMIT = 50_000;

/** A calendar without a single working minute this long after an instant has none at all. */
const GIVE_UP_DAYS = 3 * 366;

function compile(cal: WorkingCalendar): Compiled {
  let c = compiledCalendars.get(cal);
  if (!c) {
    c = {
      zone: cal.timeZone,
      weekend: new Set(cal.weekendDays),
      holidays: new Set(cal.holidays),
      makeup: new Set(cal.makeupWorkdays),
      hours: cal.workingHours.map((p) => [minuteOfDay(p.start) * 60_000, minuteOfDay(p.end) * 60_000] as const),
      days: new Map(),
    };
    compiledCalendars.set(cal, c);
  }
  return c;
}

function workingDay(c: Compiled, date: string, dayOfWeek: number): boolean {
  if (c.holidays.has(date)) return false;
  return c.makeup.has(date) || !c.weekend.has(dayOfWeek);
}

/** The day's working periods as instants, in order; empty ones (inside a DST gap) left out. */
function periodsOn(c: Compiled, dayNumber: number): readonly Period[] {
  const cached = c.days.get(dayNumber);
  if (cached) return cached;
  const periods: Period[] = [];
  if (workingDay(c, isoDate(dayNumber), weekday(dayNumber))) {
    const midnight = dayNumber * DAY_MS;
    for (const [from, to] of c.hours) {
      const p = [wallToUtc(c.zone, midnight + from), wallToUtc(c.zone, midnight + to)] as const;
      if (p[1] > p[0]) periods.push(p);
    }
  }
  if (c.days.size >= DAYS_LIMIT) c.days.clear();
  c.days.set(dayNumber, periods);
  return periods;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isWorkingDay(cal: WorkingCalendar, localDate: string): boolean {
  const midnight = new Date(`${localDate}T00:00:00Z`);
  if (!LOCAL_DATE.test(localDate) || Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== localDate) {
    throw new RangeError(`not a date written YYYY-MM-DD: ${localDate}`);
  }
  return workingDay(compile(cal), localDate, midnight.getUTCDay());
}

function checkInstant(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite number of milliseconds, not ${ms}`);
}

function noWorkingTime(cal: WorkingCalendar, ms: number): Error {
  return new Error(
    `working calendar ${cal.version} (${cal.timeZone}) has no working time in the 3 years after ${new Date(ms).toISOString()}: check its working hours, weekend days and holidays`,
  );
}

/**
 * Calls `visit` with each working period that ends after `fromMs`, in order, until it returns
 * true; throws when three years pass without one.
 */
function walkFrom(cal: WorkingCalendar, fromMs: number, visit: (start: number, end: number) => boolean): void {
  const c = compile(cal);
  // A period of the day before can still be running when the local date changes.
  let lastWorked = localDayNumber(c.zone, fromMs) - 1;
  for (let day = lastWorked; day - lastWorked <= GIVE_UP_DAYS; day++) {
    for (const [start, end] of periodsOn(c, day)) {
      if (end <= fromMs) continue;
      lastWorked = day;
      if (visit(start, end)) return;
    }
  }
  throw noWorkingTime(cal, fromMs);
}

/** The earliest instant at or after `ms` at which working time is being counted. */
export function nextWorkingInstant(cal: WorkingCalendar, ms: number): number {
  checkInstant('ms', ms);
  let found = ms;
  walkFrom(cal, ms, (start) => {
    found = Math.max(start, ms);
    return true;
  });
  return found;
}

/**
 * The earliest instant t ≥ startMs with exactly `durationMs` of working time in [startMs, t).
 * Time running out at the end of a working period gives that end, not the next period's start.
 */
export function addWorkingTime(cal: WorkingCalendar, startMs: number, durationMs: number): number {
  checkInstant('startMs', startMs);
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new RangeError(`durationMs must be a finite number ≥ 0, not ${durationMs}`);
  if (durationMs === 0) return startMs;
  let remaining = durationMs;
  let due = startMs;
  walkFrom(cal, startMs, (start, end) => {
    const from = Math.max(start, startMs);
    if (remaining <= end - from) {
      due = from + remaining;
      return true;
    }
    remaining -= end - from;
    return false;
  });
  return due;
}

/** Working milliseconds in [aMs, bMs); 0 when bMs ≤ aMs. */
export function workingTimeBetween(cal: WorkingCalendar, aMs: number, bMs: number): number {
  checkInstant('aMs', aMs);
  checkInstant('bMs', bMs);
  if (bMs <= aMs) return 0;
  const c = compile(cal);
  const lastDay = localDayNumber(c.zone, bMs);
  let total = 0;
  for (let day = localDayNumber(c.zone, aMs) - 1; day <= lastDay; day++) {
    for (const [start, end] of periodsOn(c, day)) total += Math.max(0, Math.min(end, bMs) - Math.max(start, aMs));
  }
  return total;
}
