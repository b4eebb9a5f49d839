import { z } from 'zod';

/**
 * Text PostgreSQL can store in `text`, `json` and `jsonb`: no NUL and no lone UTF-16 surrogate
 * (a half of a pair, which JSON can carry as `\ud800` but no UTF-8 column can hold). With the `u`
 * flag a well-formed pair is one code point outside the class, so emoji and rare characters pass.
 *
 * Refused, not replaced by U+FFFD: a petition's words are evidence, and silently changing
 * them would record something the resident did not say. The client gets a 400 and can fix it.
 *
 * The same pattern reaches the JSON Schemas the workflow's Update validators use, so a client
 * that bypasses the API is refused in the same way.
 */
export const STORABLE_TEXT = /^[^\u0000\uD800-\uDFFF]*$/u;

export const INVALID_CHARACTERS_MESSAGE = 'contains a character that cannot be stored (NUL or a lone UTF-16 surrogate): remove it and send again';

/** Any string a client sends: every string field of a request is built on this one. */
export const storableString = () => z.string().regex(STORABLE_TEXT, { message: INVALID_CHARACTERS_MESSAGE });

/** A URL a client gives (of an attachment): the URL parser drops a NUL, the check refuses it first. */
// Only web links: a `javascript:` or `data:` URL shown as a link would run in a reader's browser.
export const storableUrl = () =>
  z
    .url({ protocol: /^https?$/, message: 'an http or https URL' })
    .max(2000)
    .regex(STORABLE_TEXT, { message: INVALID_CHARACTERS_MESSAGE });

/** Free text a person writes: trimmed, not empty, at most `max` characters. */
export const text = (max: number) => storableString().trim().min(1).max(max);

/** An identifier (of a case, a department, a category, a visit): not empty, bounded. */
export const identifier = (max = 100) => storableString().min(1).max(max);

/** A zod issue raised by the storable-text check; the API names it `invalid_characters`. */
export function isInvalidCharactersIssue(issue: { code?: unknown; format?: unknown; pattern?: unknown }): boolean {
  return issue.code === 'invalid_format' && issue.format === 'regex' && issue.pattern === STORABLE_TEXT.toString();
}
