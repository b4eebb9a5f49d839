import { z } from 'zod';

// Months and years have no fixed length, so deadlines are written in weeks, days, hours,
// minutes and seconds only.
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export const IsoDuration = z
  .string()
  .regex(ISO_DURATION, 'an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as PT2H or P3D')
  .refine((s) => s !== 'P' && !s.endsWith('T'), 'an ISO 8601 duration needs at least one component');

export type IsoDuration = z.infer<typeof IsoDuration>;

export function durationMs(iso: string): number {
  const m = ISO_DURATION.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${iso}`);
  const [, w, d, h, min, s] = m;
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  return Math.round(((((n(w) * 7 + n(d)) * 24 + n(h)) * 60 + n(min)) * 60 + n(s)) * 1000);
}
