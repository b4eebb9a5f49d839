import { DAY_MS, offsetMs, wallToUtc } from '../domain/time-zone';

export interface QuietHours {
  /** Local time in the city's zone, "HH:MM". */
  start: string;
  end: string;
}

const MINUTE_MS = 60_000;

function minuteOfDay(hhmm: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Quiet hours as a person set them, if they are well formed and not empty. */
export function parseQuietHours(value: unknown): QuietHours | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { start, end } = value as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string') return undefined;
  const s = minuteOfDay(start);
  const e = minuteOfDay(end);
  return s === undefined || e === undefined || s === e ? undefined : { start, end };
}

/**
 * When the quiet hours around `nowMs` end, in the city's time zone, or undefined when `nowMs` is
 * not inside them. A window may cross midnight (22:00–07:00); the start is inside, the end is not.
 */
export function quietUntil(nowMs: number, quiet: QuietHours | null | undefined, zone: string): number | undefined {
  const q = parseQuietHours(quiet);
  if (!q) return undefined;
  const start = minuteOfDay(q.start)!;
  const end = minuteOfDay(q.end)!;
  const wall = nowMs + offsetMs(zone, nowMs);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const minute = Math.floor((wall - dayStart) / MINUTE_MS);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  // The end is today when it is still ahead on the clock, else tomorrow.
  const endWall = dayStart + end * MINUTE_MS + (minute < end ? 0 : DAY_MS);
  return wallToUtc(zone, endWall);
}
