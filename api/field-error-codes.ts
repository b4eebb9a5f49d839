import { isInvalidCharactersIssue } from '../schema/text';

/**
 * The machine codes of field errors (CONTRACT.md, "Case view"): a client words them in its
 * user's language from `code` and `params` instead of showing the validator's English.
 */
export type FieldErrorCode =
  | 'required'
  | 'invalid_type'
  | 'too_small'
  | 'too_big'
  | 'invalid_enum'
  | 'invalid_format'
  | 'invalid_characters'
  | 'unknown_field'
  | 'unknown_id'
  | 'invalid';

/** What a zod issue reports beside its code, as fastify-type-provider-zod passes it on. */
export type IssueParams = Record<string, unknown>;

/** The params worth giving a client: bounds, allowed values, the expected format. */
const PARAM_KEYS = ['minimum', 'maximum', 'inclusive', 'origin', 'values', 'format', 'expected', 'keys'] as const;

export function fieldErrorCode(zodCode: string, params: IssueParams, message: string): { code: FieldErrorCode; params: Record<string, unknown> } {
  const kept = Object.fromEntries(PARAM_KEYS.filter((k) => params[k] !== undefined).map((k) => [k, toJsonable(params[k])]));
  if (isInvalidCharactersIssue({ code: zodCode, ...params })) return { code: 'invalid_characters', params: {} };
  switch (zodCode) {
    case 'invalid_type':
      // zod leaves the input out of its issue; its message (app.ts words it) is the only sign the field was absent.
      return { code: /^is required$|received undefined$/.test(message) ? 'required' : 'invalid_type', params: kept };
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return { code: zodCode, params: kept };
    case 'invalid_value':
      return { code: 'invalid_enum', params: kept };
    case 'unrecognized_keys':
      return { code: 'unknown_field', params: kept };
    default:
      return { code: 'invalid', params: kept };
  }
}

function toJsonable(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}
