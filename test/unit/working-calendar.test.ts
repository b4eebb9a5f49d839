import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demoCity from '../../config/demo-city.json';
import { addWorkingTime, isWorkingDay, nextWorkingInstant, workingTimeBetween } from '../../domain/working-calendar';
import { WorkingCalendar, type WorkingCalendarInput } from '../../schema/calendar';
import { Directory } from '../../schema/directory';

const H = 3_600_000;
const MIN = 60_000;
const DAY = 24 * H;

const changde = Directory.parse(demoCity).calendar!;
/** Local time in Changde, Asia/Shanghai: UTC+8 all year. */
const cst = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

const calendar = (input: Partial<WorkingCalendarInput>) =>
  WorkingCalendar.parse({ version: 'test', timeZone: 'Europe/Berlin', workingHours: [{ start: '09:00', end: '17:00' }], ...input });

// Berlin switches to summer time on Sun 2026-03-29 and back on Sun 2026-10-25, both at
// 01:00 UTC; those Sundays are make-up working days so the night shift crosses the switch.
const berlin = calendar({
  workingHours: [
    { start: '01:00', end: '04:00' },
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  holidays: ['2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26'],
  makeupWorkdays: ['2026-03-29', '2026-10-25'],
});

describe('the working-time laws (property)', () => {
  const cases = [
    { name: 'Changde', cal: changde, from: cst('2025-12-01 00:00'), to: cst('2027-12-31 00:00'), grid: 30 * MIN },
    { name: 'Berlin with DST', cal: berlin, from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-11-15T00:00:00Z'), grid: 15 * MIN },
  ];
  for (const { name, cal, from, to, grid } of cases) {
    // Arbitrary milliseconds, mixed with instants and durations on a grid that hits the
    // edges of working periods exactly, where off-by-one mistakes live.
    const instant = fc.oneof(fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: Math.floor((to - from) / grid) }).map((n) => from + n * grid));
    const duration = fc.oneof(fc.integer({ min: 0, max: 150 * H }), fc.integer({ min: 0, max: (150 * H) / grid }).map((n) => n * grid));
    const add = (s: number, d: number) => addWorkingTime(cal, s, d);
    const between = (a: number, b: number) => workingTimeBetween(cal, a, b);
    const options = { numRuns: 300 };

    describe(name, () => {
      it('is monotone in the duration and in the start', () => {
        fc.assert(
          fc.property(instant, instant, duration, duration, (s1, s2, d1, d2) => {
            const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
            const [d, e] = d1 <= d2 ? [d1, d2] : [d2, d1];
            expect(add(a, d)).toBeLessThanOrEqual(add(a, e));
            expect(add(a, d)).toBeLessThanOrEqual(add(b, d));
          }),
          options,
        );
      });

      it('is additive: add(add(s, a), b) = add(s, a + b)', () => {
        fc.assert(
          fc.property(instant, duration, duration, (s, a, b) => {
            expect(add(add(s, a), b)).toBe(add(s, a + b));
          }),
          options,
        );
      });

      it('adds nothing for a zero duration and lands inside working hours otherwise', () => {
        fc.assert(
          fc.property(instant, duration, (s, d) => {
            expect(add(s, 0)).toBe(s);
            const due = add(s, d);
            if (d > 0) expect(nextWorkingInstant(cal, due - 1)).toBe(due - 1);
          }),
          options,
        );
      });

      it('is inverted by workingTimeBetween', () => {
        fc.assert(
          fc.property(instant, duration, fc.integer({ min: 0, max: 40 * DAY }), (s, d, gap) => {
            expect(between(s, add(s, d))).toBe(d);
            const t = s + gap;
            const back = add(s, between(s, t));
            expect(back).toBeLessThanOrEqual(t);
            // Inside working hours means the millisecond before t was worked.
            if (t === s || nextWorkingInstant(cal, t - 1) === t - 1) expect(back).toBe(t);
          }),
          options,
        );
      });

      it('splits workingTimeBetween at any point', () => {
        fc.assert(
          fc.property(instant, instant, instant, (x, y, z) => {
            const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
            expect(between(a, c)).toBe(between(a, b) + between(b, c));
            expect(between(c, a)).toBe(0);
          }),
          options,
        );
      });
    });
  }

  it('counts every millisecond on a round-the-clock calendar in UTC', () => {
    const always = calendar({ timeZone: 'UTC', workingHours: [{ start: '00:00', end: '24:00' }], weekendDays: [] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 1e10 }), (s, d) => {
        expect(addWorkingTime(always, s, d)).toBe(s + d);
        expect(workingTimeBetween(always, s, s + d)).toBe(d);
      }),
    );
  });
});

// Changde works 08:30–12:00 (3.5 h) and 14:30–17:30 (3 h): 6.5 h a working day.
describe('the 2026 State Council holidays in Changde', () => {
  it.each([
    // Wed 16:00–17:30 gives 1.5 h; Oct 1–7 are off; Thu Oct 8 08:30 + 0.5 h.
    ['National Day', '2026-09-30 16:00', 2 * H, '2026-10-08 09:00'],
    // Fri 15:00–17:30 gives 2.5 h; Sat Feb 14 is a make-up day: 08:30–12:00 (6 h), then 14:30 + 0.5 h.
    ['the eve of Spring Festival', '2026-02-13 15:00', 6.5 * H, '2026-02-14 15:00'],
    // Make-up Sat Feb 14 16:00–17:30 gives 1.5 h; Feb 15–23 are off; Tue Feb 24 08:30 + 1.5 h.
    ['across the Spring Festival block', '2026-02-14 16:00', 3 * H, '2026-02-24 10:00'],
    // Fri 17:00–17:30 gives 0.5 h; make-up Sat Feb 28 08:30 + 0.5 h.
    ['the make-up Saturday after Spring Festival', '2026-02-27 17:00', 1 * H, '2026-02-28 09:00'],
    // Fri 17:00–17:30 gives 0.5 h; Sat Mar 7 and Sun Mar 8 are off; Mon 08:30 + 0.5 h.
    ['an ordinary weekend', '2026-03-06 17:00', 1 * H, '2026-03-09 09:00'],
    // 12:00–14:30 is lunch: counting starts at 14:30.
    ['a start at lunch time', '2026-03-10 12:30', 1 * H, '2026-03-10 15:30'],
    // 09:00–12:00 is exactly 3 h: due at noon, not at 14:30.
    ['time used up at the end of the morning', '2026-03-10 09:00', 3 * H, '2026-03-10 12:00'],
    // A whole working day from the opening ends at the close, not the next morning.
    ['time used up at the close', '2026-03-10 08:30', 6.5 * H, '2026-03-10 17:30'],
    // Wed 23:00 is after hours; Thu 08:30–12:00 gives 3.5 h, then 14:30 + 0.5 h.
    ['a start at 23:00', '2026-03-11 23:00', 4 * H, '2026-03-12 15:00'],
    // Fri 23:00 is after hours; Sat and Sun are off; Mon 08:30 + 1 h.
    ['a start at 23:00 on a Friday', '2026-03-13 23:00', 1 * H, '2026-03-16 09:30'],
    // Sunday is off; Mon 08:30–12:00 gives 3.5 h, then 14:30 + 0.5 h.
    ['a start on a Sunday', '2026-03-15 10:00', 4 * H, '2026-03-16 15:00'],
    // Thu 17:00–17:30 gives 0.5 h; May 1–5 are off; Wed May 6 08:30 + 0.5 h.
    ['Labour Day', '2026-04-30 17:00', 1 * H, '2026-05-06 09:00'],
    // Wed 2025-12-31 17:00–17:30 gives 0.5 h; Jan 1–3 are off; make-up Sun Jan 4 08:30 + 0.5 h.
    ['New Year', '2025-12-31 17:00', 1 * H, '2026-01-04 09:00'],
    // Fri 17:00–17:30 gives 0.5 h; Sat Sep 19 is off; make-up Sun Sep 20 08:30 + 0.5 h.
    ['the make-up Sunday before National Day', '2026-09-18 17:00', 1 * H, '2026-09-20 09:00'],
    // Thu 17:00–17:30 gives 0.5 h; Sep 25–27 are off; Mon Sep 28 08:30 + 0.5 h.
    ['Mid-Autumn', '2026-09-24 17:00', 1 * H, '2026-09-28 09:00'],
    // Fri 17:00–17:30 gives 0.5 h; make-up Sat Oct 10 08:30 + 0.5 h.
    ['the make-up Saturday after National Day', '2026-10-09 17:00', 1 * H, '2026-10-10 09:00'],
    // Seven working days are 45.5 h. Fri Apr 3 17:00–17:30 gives 0.5 h; Apr 4–6 are off;
    // Tue Apr 7 to Fri Apr 10 give 26 h (26.5); Mon 13 and Tue 14 give 13 h (39.5);
    // Wed 15 08:30–12:00 gives 3.5 h (43), then 14:30 + 2.5 h.
    ['seven working days after Qingming', '2026-04-03 17:00', 45.5 * H, '2026-04-15 17:00'],
  ])('%s: from %s plus %i ms is due at %s', (_name, start, duration, due) => {
    expect(addWorkingTime(changde, cst(start), duration)).toBe(cst(due));
    expect(workingTimeBetween(changde, cst(start), cst(due))).toBe(duration);
  });

  it.each([
    // Only Fri Feb 13, make-up Sat Feb 14 and Tue Feb 24 are worked.
    ['2026-02-13 00:00', '2026-02-25 00:00', 19.5 * H],
    // Only the make-up Sunday Jan 4 is worked.
    ['2026-01-01 00:00', '2026-01-05 00:00', 6.5 * H],
    ['2026-03-10 12:00', '2026-03-10 14:30', 0],
    ['2026-03-10 17:30', '2026-03-10 08:30', 0],
  ])('from %s to %s has %i working ms', (a, b, ms) => {
    expect(workingTimeBetween(changde, cst(a), cst(b))).toBe(ms);
  });

  it.each([
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday before Spring Festival
    ['2026-02-16', false], // Spring Festival eve, a Monday
    ['2026-02-23', false], // last day of the block, a Monday
    ['2026-02-28', true], // make-up Saturday after Spring Festival
    ['2026-03-07', false], // ordinary Saturday
    ['2026-05-09', true],
    ['2026-06-19', false], // Dragon Boat, a Friday
    ['2026-09-20', true],
    ['2026-10-08', true],
    ['2026-10-10', true],
  ])('%s is a working day: %s', (date, working) => {
    expect(isWorkingDay(changde, date)).toBe(working);
  });

  it('finds the next working instant', () => {
    expect(nextWorkingInstant(changde, cst('2026-09-30 17:30'))).toBe(cst('2026-10-08 08:30'));
    expect(nextWorkingInstant(changde, cst('2026-03-10 10:00'))).toBe(cst('2026-03-10 10:00'));
  });

  it('rejects malformed input', () => {
    expect(() => isWorkingDay(changde, '2026-02-30')).toThrow(RangeError);
    expect(() => addWorkingTime(changde, cst('2026-03-10 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingTime(changde, Number.NaN, H)).toThrow(RangeError);
  });
});

describe('daylight saving time in Berlin', () => {
  const office = calendar({});
  const utc = Date.parse;

  it.each([
    // Fri 16:00–17:00 CET gives 1 h; summer time from Sunday; Mon 09:00 CEST + 1 h.
    // A fixed +01:00 offset would say 11:00 CEST.
    ['2026-03-27T16:00:00+01:00', 2 * H, '2026-03-30T10:00:00+02:00'],
    // Fri 16:00–17:00 CEST gives 1 h; winter time from Sunday; Mon 09:00 CET + 1 h.
    ['2026-10-23T16:00:00+02:00', 2 * H, '2026-10-26T10:00:00+01:00'],
  ])('from %s plus %i ms is due at %s', (start, duration, due) => {
    expect(addWorkingTime(office, utc(start), duration)).toBe(utc(due));
  });

  it('measures the working day in local hours on both sides of the switch', () => {
    expect(workingTimeBetween(office, utc('2026-03-27T09:00:00+01:00'), utc('2026-03-30T17:00:00+02:00'))).toBe(16 * H);
  });

  it('counts the real length of a day or a period that the switch falls in', () => {
    const always = calendar({ workingHours: [{ start: '00:00', end: '24:00' }], weekendDays: [] });
    expect(workingTimeBetween(always, utc('2026-03-29T00:00:00+01:00'), utc('2026-03-30T00:00:00+02:00'))).toBe(23 * H);
    expect(workingTimeBetween(always, utc('2026-10-25T00:00:00+02:00'), utc('2026-10-26T00:00:00+01:00'))).toBe(25 * H);
    expect(addWorkingTime(always, utc('2026-03-29T00:00:00+01:00'), 3 * H)).toBe(utc('2026-03-29T04:00:00+02:00'));
    // 01:00 CET to 04:00 CEST is 2 h; 01:00 CEST to 04:00 CET is 4 h.
    const night = (date: string) => workingTimeBetween(berlin, utc(`${date}T00:00:00Z`) - 2 * H, utc(`${date}T05:00:00Z`));
    expect(night('2026-03-29')).toBe(2 * H);
    expect(night('2026-10-25')).toBe(4 * H);
    expect(night('2026-03-30')).toBe(3 * H);
  });

  it('skips a period that falls entirely in the hour the clocks skip', () => {
    const gap = calendar({ workingHours: [{ start: '02:00', end: '02:30' }], weekendDays: [] });
    expect(workingTimeBetween(gap, utc('2026-03-29T00:00:00+01:00'), utc('2026-03-30T00:00:00+02:00'))).toBe(0);
    expect(nextWorkingInstant(gap, utc('2026-03-29T00:00:00+01:00'))).toBe(utc('2026-03-30T02:00:00+02:00'));
  });
});

describe('a calendar without working time', () => {
  it('fails with a clear error instead of looping', () => {
    const never = calendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => addWorkingTime(never, Date.parse('2026-01-01T00:00:00Z'), H)).toThrow(/no working time in the 3 years after 2026-01-01/);
    expect(() => nextWorkingInstant(never, Date.parse('2026-01-01T00:00:00Z'))).toThrow(/no working time/);
    expect(workingTimeBetween(never, 0, 10 * DAY)).toBe(0);
  });
});

describe('the working calendar schema', () => {
  const messages = (input: unknown) => {
    const parsed = WorkingCalendar.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const base = { version: 'v', timeZone: 'Asia/Shanghai', workingHours: [{ start: '08:30', end: '12:00' }] };

  it('fills in the defaults', () => {
    expect(WorkingCalendar.parse(base)).toEqual({ ...base, weekendDays: [0, 6], holidays: [], makeupWorkdays: [] });
  });

  it('names what is wrong', () => {
    expect(messages({ ...base, timeZone: 'Asia/Changde' })).toEqual(['timeZone: an IANA time zone, such as Asia/Shanghai']);
    expect(messages({ ...base, workingHours: [] })).toEqual(['workingHours: at least one working period is needed']);
    expect(messages({ ...base, workingHours: [{ start: '8:30', end: '25:00' }] })).toEqual([
      'workingHours.0.start: a local time written HH:MM, such as 08:30',
      'workingHours.0.end: a local time written HH:MM, such as 17:30, or 24:00',
    ]);
    expect(messages({ ...base, workingHours: [{ start: '12:00', end: '08:30' }] })).toEqual([
      'workingHours.0: a working period must start before it ends (12:00–08:30)',
    ]);
    expect(
      messages({
        ...base,
        workingHours: [
          { start: '14:30', end: '17:30' },
          { start: '08:30', end: '12:00' },
        ],
      }),
    ).toEqual(['workingHours.1: working periods must be in order without overlapping: 08:30–12:00 starts before 14:30–17:30 ends']);
    expect(messages({ ...base, holidays: ['2026-02-30', '2026/10/01'] })).toEqual([
      'holidays.0: a calendar date written YYYY-MM-DD, such as 2026-10-01',
      'holidays.1: a calendar date written YYYY-MM-DD, such as 2026-10-01',
    ]);
    expect(messages({ ...base, holidays: ['2026-02-14'], makeupWorkdays: ['2026-02-14'] })).toEqual([
      'holidays.0: 2026-02-14 is listed both as a holiday and as a make-up working day',
    ]);
    expect(messages({ ...base, weekendDays: [7] })).toHaveLength(1);
  });

  it('checks the calendar of a directory file', () => {
    const parsed = Directory.safeParse({ ...demoCity, calendar: { ...base, workingHours: [{ start: '17:30', end: '14:30' }] } });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['calendar.workingHours.0']);
    expect(changde).toMatchObject({ version: 'cn-2026-2027.1', timeZone: 'Asia/Shanghai', weekendDays: [0, 6] });
  });
});
