import type { Actor } from './actor';

/** The engine itself, as the actor of what it does on its own (zod-free: the workflow imports it). */
export const SYSTEM_ACTOR: Actor = { sub: 'case-engine', role: 'system', org: 'engine' };
