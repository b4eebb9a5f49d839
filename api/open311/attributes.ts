import type { Category } from '../../schema/directory';
import type { AttributeAnswers, ServiceAttribute } from '../../schema/service-attributes';
import { STORABLE_TEXT } from '../../schema/text';
import type { FieldError } from '../problem';

/** A service's definition: its code and what it asks (GeoReport v2 `service_definition`). */
export function toServiceDefinition(category: Category) {
  return {
    service_code: category.id,
    attributes: (category.attributes ?? []).map((a, i) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription ?? null,
      order: i + 1,
      description: a.descriptionZh ? `${a.description} (${a.descriptionZh})` : a.description,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  };
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]*)\](\[\])?$/;

/**
 * The answers in a POST: `attribute[CODE]=value`, `attribute[CODE][]=a&attribute[CODE][]=b` for a
 * multivaluelist (or the key repeated), as form-encoded and multipart bodies carry them.
 */
export function attributeAnswers(body: Record<string, unknown>): { answers: AttributeAnswers; errors: FieldError[] } {
  const answers: AttributeAnswers = {};
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(body)) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (!match) continue;
    const code = match[1]!;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' ? v : undefined));
    if (values.some((v) => v === undefined)) {
      errors.push({ path: key, in: 'body', message: 'an attribute is answered with text', code: 'invalid_type' });
      continue;
    }
    const texts = values as string[];
    if (texts.some((v) => !STORABLE_TEXT.test(v) || !STORABLE_TEXT.test(code))) {
      errors.push({ path: key, in: 'body', message: 'contains a character that cannot be stored (NUL or a lone UTF-16 surrogate): remove it and send again', code: 'invalid_characters' });
      continue;
    }
    const before = answers[code];
    const all = [...(before === undefined ? [] : [before].flat()), ...texts];
    answers[code] = match[2] || all.length > 1 ? all : all[0]!;
  }
  return { answers, errors };
}

const isList = (a: ServiceAttribute) => a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';

/** What is wrong with the answers for this service: each as a field error on `attribute[CODE]`. */
export function checkAnswers(category: Category, answers: AttributeAnswers): FieldError[] {
  const defined = new Map((category.attributes ?? []).map((a) => [a.code, a]));
  const errors: FieldError[] = [];
  const fail = (code: string, message: string, errorCode = 'invalid_format') => errors.push({ path: `attribute[${code}]`, in: 'body', message, code: errorCode });
  for (const code of Object.keys(answers)) {
    if (!defined.has(code)) fail(code, `service ${category.id} asks no attribute ${code}; services/${category.id}.json lists them`, 'unknown_id');
  }
  for (const a of defined.values()) {
    if (!a.variable) continue;
    const given = answers[a.code];
    const values = (given === undefined ? [] : [given].flat()).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (a.required) fail(a.code, `is required: ${a.description}`, 'required');
      continue;
    }
    if (a.datatype !== 'multivaluelist' && values.length > 1) {
      fail(a.code, 'takes one value', 'too_big');
      continue;
    }
    const value = values[0]!;
    switch (a.datatype) {
      case 'number':
        if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(Number(value))) fail(a.code, 'a number, e.g. 3 or 2.5');
        break;
      case 'datetime':
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
          fail(a.code, 'a date and time with its offset, e.g. 2026-11-21T09:30:00+08:00');
        }
        break;
      case 'string':
        if ([...value].length > 500) fail(a.code, 'at most 500 characters', 'too_big');
        break;
      case 'text':
        if ([...value].length > 4000) fail(a.code, 'at most 4000 characters', 'too_big');
        break;
      case 'singlevaluelist':
      case 'multivaluelist': {
        const keys = new Set(a.values!.map((v) => v.key));
        const unknown = values.filter((v) => !keys.has(v));
        if (unknown.length) fail(a.code, `${unknown.join(', ')} is not one of ${[...keys].join(', ')}`, 'invalid_enum');
        break;
      }
    }
  }
  return errors;
}

/** The answers as lines a department reads under the description, in the service's order. */
export function describeAnswers(category: Category, answers: AttributeAnswers): string {
  const lines: string[] = [];
  for (const a of category.attributes ?? []) {
    const given = answers[a.code];
    if (!a.variable || given === undefined) continue;
    const values = [given].flat().map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) continue;
    const shown = isList(a) ? values.map((v) => a.values!.find((x) => x.key === v)?.name ?? v) : values;
    lines.push(`${a.descriptionZh ?? a.description} ${shown.join(', ')}`);
  }
  return lines.join('\n');
}
