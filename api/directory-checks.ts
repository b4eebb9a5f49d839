import type { Directory } from '../schema/directory';
import { invalidFields, type FieldError } from './problem';

type IdKind = 'jurisdiction' | 'department' | 'category';

/** 400 naming each field whose id the directory does not know. */
export function requireKnownIds(dir: Directory, fields: { path: string; kind: IdKind; id: string | undefined; in?: FieldError['in'] }[]): void {
  const known: Record<IdKind, (id: string) => boolean> = {
    jurisdiction: (id) => dir.jurisdictions.some((j) => j.id === id),
    department: (id) => dir.departments.some((d) => d.id === id),
    category: (id) => dir.categories.some((c) => c.id === id),
  };
  const errors: FieldError[] = fields
    .filter((f) => f.id !== undefined && !known[f.kind](f.id))
    .map((f) => ({ path: f.path, in: f.in ?? 'body', message: `unknown ${f.kind} ${f.id}; GET /v1/directory lists the known ones`, code: 'unknown_id', params: { kind: f.kind } }));
  if (errors.length) throw invalidFields(errors, 'the request names ids the directory does not know');
}
