// Local wall-clock time in an IANA zone, through Intl only, so it runs the same in a
// workflow sandbox as in Node. "Wall" milliseconds count local time as if it were UTC.

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** How far the zone's wall clock is ahead of UTC at the instant `ms`. */
export function offsetMs(zone: string, ms: number): number {
  const n: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') n[p.type] = Number(p.value);
  const wall = Date.UTC(n.year!, n.month! - 1, n.day!, n.hour! % 24, n.minute!, n.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The offsets around one local day, and the instant the zone switches between them (Infinity when it does not). */
interface ZoneDay {
  before: number;
  after: number;
  transition: number;
}

// Deterministic, so safe to share: it only saves Intl calls. Cleared rather than grown without end.
const zoneDays = new Map<string, ZoneDay>();
const ZONE_DAYS_LIMIT = 50_000;

function zoneDay(zone: string, dayNumber: number): ZoneDay {
  const key = `${zone} ${dayNumber}`;
  const cached = zoneDays.get(key);
  if (cached) return cached;
  // Offsets lie within -12h..+14h, so every instant whose wall time falls on this day
  // (24:00 included) lies between lo and hi.
  let lo = dayNumber * DAY_MS - 15 * HOUR_MS;
  let hi = (dayNumber + 1) * DAY_MS + 13 * HOUR_MS;
  const before = offsetMs(zone, lo);
  const after = offsetMs(zone, hi);
  let transition = Infinity;
  if (before !== after) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMs(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    transition = hi;
  }
  if (zoneDays.size >= ZONE_DAYS_LIMIT) zoneDays.clear();
  const day = { before, after, transition };
  zoneDays.set(key, day);
  return day;
}

/**
 * The instant a wall-clock time happens. A time repeated when clocks go back is taken at its
 * first occurrence; a time skipped when they go forward maps to the moment of the jump.
 */
export function wallToUtc(zone: string, wallMs: number): number {
  const { before, after, transition } = zoneDay(zone, Math.floor(wallMs / DAY_MS));
  const early = wallMs - before;
  if (early < transition) return early;
  const late = wallMs - after;
  return late >= transition ? late : transition;
}

/** Days since 1970-01-01 of the local date at the instant `ms`. */
export function localDayNumber(zone: string, ms: number): number {
  return Math.floor((ms + offsetMs(zone, ms)) / DAY_MS);
}

export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 0 is Sunday; 1970-01-01 was a Thursday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}
