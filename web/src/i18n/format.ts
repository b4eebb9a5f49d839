// Dates and durations for people: always in the city's time zone, whatever the browser's is.

export type Lang = 'zh' | 'en';
const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

export function formatDateTime(iso: string | number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** Whole days, hours and minutes of a span, largest two units, e.g. [[1,'d'],[3,'h']]. */
export function spanParts(ms: number): [number, 'days' | 'hours' | 'minutes'][] {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const parts: [number, 'days' | 'hours' | 'minutes'][] = [
    [Math.floor(minutes / 1440), 'days'],
    [Math.floor((minutes % 1440) / 60), 'hours'],
    [minutes % 60, 'minutes'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return first < 0 ? [[0, 'minutes']] : parts.slice(first, first + 2).filter(([n]) => n > 0);
}

/** The offset of a time zone from UTC at an instant, in ms (Intl has no direct API for it). */
function offsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** A wall time typed in the city ("2026-05-01T09:30", from <input type=datetime-local>) as an ISO instant. */
export function zonedToIso(wall: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const first = asUtc - offsetMs(timeZone, asUtc);
  return new Date(asUtc - offsetMs(timeZone, first)).toISOString();
}

/** An instant as the city's wall time, for <input type=datetime-local>. */
export function isoToZoned(at: number, timeZone: string): string {
  return new Date(at + offsetMs(timeZone, at)).toISOString().slice(0, 16);
}
