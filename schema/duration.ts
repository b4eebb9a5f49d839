import { z } from 'zod';
import { ISO_DURATION } from './iso-duration';

export const IsoDuration = z
  .string()
  .regex(ISO_DURATION, 'an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as PT2H or P3D')
  .refine((s) => s !== 'P' && !s.endsWith('T'), 'an ISO 8601 duration needs at least one component');

export type IsoDuration = z.infer<typeof IsoDuration>;
