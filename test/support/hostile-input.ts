import fc from 'fast-check';
import { validateHeaderValue } from 'node:http';

/**
 * Hostile input for the API fuzz test: odd strings and values, broken bodies, and the small
 * slice of JSON Schema (as @fastify/swagger renders zod) needed to build an otherwise valid
 * body around one hostile field.
 */

/** Text PostgreSQL cannot store: each must be refused with 400 `invalid_characters`, never reach an append. */
export const UNSTORABLE = ['\ud800', 'the drain is \udc00 blocked', 'a\u0000b'] as const;

/**
 * Odd text the database can store, so a field should take it (or refuse it as too long): what
 * has broken SQL (LIKE escapes), renderers, number and date parsers and prototype lookups.
 */
export const ODD_STORABLE: readonly string[] = [
  '\u0001\u001f\u007f\u0085',
  '\u202eevil\u202c\u200b\ufeff',
  '\uffff\ufffe\u{10ffff}',
  'e' + '\u0301'.repeat(30),
  '👩‍👩‍👧‍👦𠜎',
  '\'); DROP TABLE case_events; --',
  '%_\\',
  '\\',
  '<script>alert(1)</script>]]><![CDATA[',
  '${process.exit()}',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'NaN',
  '1e400',
  '-0',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31',
  'P99999999999999Y',
  'PT-1H',
  'javascript:alert(1)',
  'http://[::1',
  '../../etc/passwd',
  'a,b,,c',
];

/** Strings that have broken parsers, validators, SQL and renderers elsewhere. */
const ODD_TEXT: readonly string[] = [
  ...UNSTORABLE,
  ...ODD_STORABLE,
  '\udfff\ud800', // a pair in the wrong order: two lone surrogates
  'x\ud83d', // a high surrogate at the very end
  '\u0000',
  'e' + '\u0301'.repeat(300),
  '',
  ' \t\n\r ',
  '\u3000\u00a0',
  'x'.repeat(5001),
];

/** Any UTF-16 code unit, so lone surrogates and NUL come up in random text too. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));

/** Hostile text short enough for a URL. */
export const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 7, arbitrary: urlText },
  // Past the 256 KiB body limit (413), and just under it.
  { weight: 1, arbitrary: fc.constantFrom('界'.repeat(100_000), 'y'.repeat(200_000)) },
);

const parsed = (json: string): unknown => JSON.parse(json) as unknown;
/** Built from JSON text: an object literal `{ __proto__: … }` would set the prototype, not a key. */
const PROTO_VALUES = [parsed('{"__proto__":{"isAdmin":true}}'), parsed('{"constructor":{"prototype":{"isAdmin":true}}}')];

const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** A value of any type, for a field or a whole body. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, ['x'], [{}]) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(deep(2000, 'x'), deep(50, '\ud800')) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export interface RawBody {
  payload: string;
  /** The content-type header; undefined sends none. */
  contentType: string | undefined;
}

const JSON_TYPE = 'application/json';
/** Bodies no schema should accept: broken JSON, other media types, prototype keys, deep nesting. */
export const brokenBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { payload: '{"description": ', contentType: JSON_TYPE },
    { payload: '', contentType: JSON_TYPE },
    { payload: 'null', contentType: JSON_TYPE },
    { payload: '"just a string"', contentType: JSON_TYPE },
    { payload: '[{"description":"x"}]', contentType: JSON_TYPE },
    { payload: '{"a":1}', contentType: 'application/json; charset=utf-16' },
    { payload: '{"__proto__":{"polluted":true},"description":"x"}', contentType: JSON_TYPE },
    { payload: '{"constructor":{"prototype":{"polluted":true}}}', contentType: JSON_TYPE },
    { payload: '{"a":'.repeat(20_000) + '{"__proto__":1}' + '}'.repeat(20_000), contentType: JSON_TYPE },
    { payload: '['.repeat(50_000) + ']'.repeat(50_000), contentType: JSON_TYPE },
    { payload: '{"reason":"\\ud800"}', contentType: JSON_TYPE },
    { payload: 'please fix the sewer', contentType: 'text/plain' },
    { payload: 'description=fix+it&reason=%00', contentType: 'application/x-www-form-urlencoded' },
    { payload: '<case><description>x</description></case>', contentType: 'application/xml' },
    { payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
    { payload: '{"reason":"a reason"}', contentType: undefined },
    { payload: '{"reason":"a reason"}', contentType: 'application/json;;;' },
  ),
  hostileValue.map((v) => ({ payload: JSON.stringify(v) ?? 'undefined', contentType: JSON_TYPE })),
);

/** A header value a real HTTP client could send (the parser refuses NUL and non-Latin-1 before Fastify sees it). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(urlText, fc.constantFrom('k'.repeat(201), 'ключ-é', ' ', 'a,b', 'same-key')).map((v) => {
  try {
    validateHeaderValue('x', v);
    return v;
  } catch {
    return Buffer.from(v, 'utf8').toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
  }
});

/** Percent-encodes like encodeURIComponent, but a lone surrogate as its (WTF-8) bytes instead of throwing. */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if ((unit & 0xf800) === 0xd800) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

/** The subset of JSON Schema that zod's OpenAPI rendering produces for this API. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

export type FieldPath = (string | number)[];

/** A value the schema accepts; `known` supplies values by property name (ids the directory knows, a real URL). */
export function exampleOf(schema: JsonSchema, known: Record<string, unknown>, name = ''): unknown {
  if (name in known) return known[name];
  if (schema.enum?.length) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? (schema.oneOf?.[0]?.type ? schema.oneOf[0] : undefined);
  if (alternative) return exampleOf(alternative, known, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, exampleOf(schema.properties?.[k] ?? {}, known, k)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(schema.items ?? {}, known, name));
    case 'number':
    case 'integer':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? 1);
    case 'boolean':
      return false;
    default:
      if (schema.format === 'date-time') return '2031-05-06T09:30:00+08:00';
      if (schema.format === 'date') return '2031-05-06';
      return `fuzz ${name || 'text'}`.slice(0, schema.maxLength ?? 100);
  }
}

export interface Leaf {
  path: FieldPath;
  schema: JsonSchema;
}

/** Every field of a body schema, nested ones and array items included, optional ones too. */
export function leaves(schema: JsonSchema, path: FieldPath = []): Leaf[] {
  if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => leaves(s, [...path, k]));
  if (schema.items) return leaves(schema.items, [...path, 0]);
  return path.length ? [{ path, schema }] : [];
}

const PROSE = 'Ordinary text, 1.';
/**
 * Whether a field takes free text (a string that may be null counts): only the storable-text
 * check keeps NUL and lone surrogates out of it. A field with an enum, a format or a pattern that
 * refuses prose (a username, a time of day) refuses them anyway.
 */
export function isFreeText(s: JsonSchema): boolean {
  if (s.anyOf) {
    const alternatives = s.anyOf.filter((a) => a.type !== 'null');
    return alternatives.length === 1 && isFreeText(alternatives[0]!);
  }
  const patterns = [s.pattern, ...(s.allOf ?? []).map((a) => a.pattern)].filter((p): p is string => p !== undefined);
  return s.type === 'string' && !s.enum && !s.format && patterns.every((p) => new RegExp(p, 'u').test(PROSE));
}

/** Sets `path` in a copy of `base`, creating missing objects and arrays valid per `schema` on the way. */
export function withField(base: unknown, schema: JsonSchema, path: FieldPath, value: unknown, known: Record<string, unknown>): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const child = typeof head === 'number' ? (schema.items ?? {}) : (schema.properties?.[head!] ?? {});
  if (typeof head === 'number') {
    const list = Array.isArray(base) ? [...(base as unknown[])] : [exampleOf(child, known, '')];
    list[head] = withField(list[head] ?? exampleOf(child, known, ''), child, rest, value, known);
    return list;
  }
  const object: Record<string, unknown> = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  object[head!] = withField(object[head!] ?? exampleOf(child, known, head!), child, rest, value, known);
  return object;
}

/** `a.0.b`: the path the API names in a problem's `errors`. */
export const dotted = (path: FieldPath) => path.join('.');

/** A readable, copy-pasteable form of a string: lone surrogates and controls escaped, long runs cut. */
export function show(value: unknown, max = 300): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
