import { z } from 'zod';
import { minuteOfDay } from './minute-of-day';
import { identifier } from './text';

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;


// A regular expression lets 2026-02-30 through; a round trip through Date does not.
const isRealDate = (s: string) => YYYY_MM_DD.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const LocalDate = z.string().refine(isRealDate, 'a calendar date written YYYY-MM-DD, such as 2026-10-01');

export const WorkingPeriod = z.object({
  start: z.string().regex(HH_MM, 'a local time written HH:MM, such as 08:30'),
  end: z.string().refine((s) => s === '24:00' || HH_MM.test(s), 'a local time written HH:MM, such as 17:30, or 24:00'),
});

export const WorkingCalendar = z
  .object({
    /** Names the data a deadline was computed with, such as "cn-2026-2027.1". */
    version: identifier(),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone, such as Asia/Shanghai'),
    /** Local wall-clock periods of a working day, in order. */
    workingHours: z.array(WorkingPeriod).min(1, 'at least one working period is needed'),
    /** 0 is Sunday, as Date.getUTCDay counts. */
    weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
    /** Local dates off even when they fall on a weekday. */
    holidays: z.array(LocalDate).default([]),
    /** Local dates worked even when they fall on a weekend. */
    makeupWorkdays: z.array(LocalDate).default([]),
  })
  .superRefine((cal, ctx) => {
    cal.workingHours.forEach((p, i) => {
      if (!HH_MM.test(p.start) || !(p.end === '24:00' || HH_MM.test(p.end))) return;
      if (minuteOfDay(p.start) >= minuteOfDay(p.end)) {
        ctx.addIssue({ code: 'custom', path: ['workingHours', i], message: `a working period must start before it ends (${p.start}–${p.end})` });
      }
      const previous = cal.workingHours[i - 1];
      if (previous && minuteOfDay(p.start) < minuteOfDay(previous.end)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingHours', i],
          message: `working periods must be in order without overlapping: ${p.start}–${p.end} starts before ${previous.start}–${previous.end} ends`,
        });
      }
    });
    const makeup = new Set(cal.makeupWorkdays);
    cal.holidays.forEach((d, i) => {
      if (makeup.has(d)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${d} is listed both as a holiday and as a make-up working day` });
      }
    });
  });
export type WorkingCalendar = z.infer<typeof WorkingCalendar>;
export type WorkingCalendarInput = z.input<typeof WorkingCalendar>;
