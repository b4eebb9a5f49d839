import { createHash } from 'node:crypto';
import type { Directory } from '../../schema/directory';
import { splitOf, type LabelledCase } from './evaluate';

/** The model learns from the tuning split only: the held-out split measures it. */
export const trainingCases = (cases: readonly LabelledCase[]): LabelledCase[] => cases.filter((c) => splitOf(c.id) === 'tune');

/** A fingerprint of everything a model is trained from, recorded in the model file. */
export function trainingFingerprint(dir: Directory, cases: readonly LabelledCase[], termWeight: number): string {
  const texts = trainingCases(cases).map((c) => [c.id, c.text, c.categoryId]);
  const terms = dir.categories.map((c) => [c.id, c.parentId, c.keywords]);
  return createHash('sha256').update(JSON.stringify({ texts, terms, termWeight })).digest('hex');
}
