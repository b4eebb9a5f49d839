import { ApiError } from './api/client';
import type { FieldError, Problem } from './api/types';
import type { Translate } from './i18n';

/** Words for one field error from its machine code and parameters: never the validator's English. */
export function fieldMessage(e: Pick<FieldError, 'code' | 'params'>, t: Translate): string {
  const p = e.params ?? {};
  const n = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : Number(p[k]));
  const origin = typeof p.origin === 'string' ? p.origin : 'string';
  switch (e.code) {
    case 'required':
      return t('invalid.required');
    case 'too_small':
      if (origin === 'array' || origin === 'set') return t('invalid.tooFew', { n: n('minimum') });
      if (origin === 'string') return n('minimum') <= 1 ? t('invalid.required') : t('invalid.tooShort', { n: n('minimum') });
      return t('invalid.tooSmall', { n: String(p.minimum) });
    case 'too_big':
      if (origin === 'array' || origin === 'set') return t('invalid.tooMany', { n: n('maximum') });
      if (origin === 'string') return t('invalid.tooLong', { n: n('maximum') });
      return t('invalid.tooBig', { n: String(p.maximum) });
    case 'invalid_enum':
      return t('invalid.enum');
    case 'invalid_format':
      return p.format === 'datetime' || p.format === 'date' ? t('invalid.datetime') : t('invalid.format');
    case 'invalid_characters':
      return t('invalid.characters');
    case 'invalid_type':
      return t('invalid.type');
    case 'unknown_id':
      return t('invalid.unknownId');
    case 'unknown_field':
      return t('invalid.unknownField');
    case 'in_past':
      return t('invalid.inPast');
    default:
      return t('invalid.other');
  }
}

/**
 * Field messages keyed by the API's path and by its first segment (`location.jurisdictionId` →
 * both keys; `cadres.0` → `cadres`), worded in the user's language.
 */
export function fieldErrorsOf(error: unknown, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem?.errors ?? []) {
    const text = fieldMessage(e, t);
    const segments = e.path.split('.');
    out[e.path] ??= text;
    out[segments[0] ?? e.path] ??= text;
    // `location.jurisdictionId.0`: the field is named by its path less a trailing index.
    if (segments.length > 2 && /^\d+$/.test(segments.at(-1)!)) out[segments.slice(0, -1).join('.')] ??= text;
  }
  return out;
}

export interface ActionContext {
  /** The action's name as the user reads it ("Accept"). */
  action: string;
  /** tx('status', …): a status in the user's words. */
  status(s: string): string;
  /** An action's name in the user's words. */
  actionName(a: string): string;
}

/** A refused action as a sentence: why not, and what the user may do instead. */
export function conflictText(problem: Problem | null, t: Translate, ctx: ActionContext): string {
  const code = problem?.code;
  let why: string;
  if (code === 'closed' || problem?.caseStatus === 'closed') why = t('conflict.closed');
  else if (code === 'final') why = t('conflict.final');
  else if (code === 'forbidden') why = t('conflict.forbidden', { action: ctx.action });
  else if (problem?.caseStatus) why = t('conflict.state', { action: ctx.action, status: ctx.status(problem.caseStatus) });
  else why = t('conflict.generic', { action: ctx.action });
  const allowed = (problem?.allowedActions ?? []).filter((a) => a !== 'adoptCalendar');
  const instead = allowed.length ? t('conflict.instead', { actions: allowed.map((a) => ctx.actionName(a)).join(t('list.separator')) }) : t('conflict.nothing');
  return `${why} ${instead}`;
}

/**
 * What to tell a person about a failed call, in their language. A form never clears itself on
 * failure, so a message can promise that nothing typed was lost. The server's English `detail`
 * is never shown: the status and the problem's codes are enough to say it.
 */
export function problemText(error: unknown, t: Translate, ctx?: ActionContext): string {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  const problem = error.problem;
  switch (error.status) {
    case 0:
      return t('error.network');
    case 400:
      return problem?.errors?.length ? t('error.invalid') : t('error.badRequest');
    case 401:
      return t('error.unauthorized');
    case 403:
      return ctx ? conflictText({ ...(problem as Problem), code: 'forbidden' }, t, ctx) : t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return ctx ? conflictText(problem, t, ctx) : t('error.conflict');
    case 413:
      return t('error.tooLarge');
    case 422:
      return t('error.keyReused');
    case 429:
      return t('error.rateLimited');
    case 503:
      return t('error.unavailable');
    default:
      return t('error.other', { status: error.status });
  }
}

/** More rows than one export may hold: the API refuses with `too_many_rows` (422) at once, rather than timing out; the list page words it. */
export function exportRefusal(error: unknown, t: Translate): string {
  if (error instanceof ApiError && (error.problem?.code === 'too_many_rows' || error.status === 413 || error.status === 422)) return t('export.tooMany');
  return problemText(error, t);
}
