import { createHash } from 'node:crypto';
import { rootCategory } from '../../domain/categories';
import type { Classifier } from '../../domain/classifier/classifier';
import type { Directory } from '../../schema/directory';

export interface LabelledCase {
  id: string;
  text: string;
  categoryId: string;
}

/**
 * Why an eval:classify run may not go ahead, or null. A development set (`--files`, not tuned on)
 * is scored on its tune split and in aggregate only: its per-case mistakes would turn reading the
 * figures into tuning, and its held-out third joins the held-out split later.
 */
export function refusedRun(options: { files?: readonly string[]; split?: string; mistakes: boolean }): string | null {
  if (options.files && (options.split !== 'tune' || options.mistakes)) return '--files scores a development set in aggregate: it needs --split tune and refuses --mistakes';
  return null;
}

/** A third of the set, chosen by a hash of the id, is held out: never looked at while tuning. */
export const splitOf = (id: string): 'tune' | 'holdout' => (createHash('sha256').update(id).digest()[0]! % 3 === 0 ? 'holdout' : 'tune');

/** "zh-b017" is of set zh-b; the first sets' ids have no letter ("en-042" is of en-a); dispatchers' labels are "ops-<case id>". */
export const labelledSetOf = (id: string): string =>
  id.startsWith('ops-') ? 'ops' : /^[a-z]+-[a-z]/.test(id) ? id.replace(/\d+$/, '') : id.replace(/-\d+$/, '-a');

export interface CategoryScore {
  categoryId: string;
  support: number;
  predicted: number;
  correct: number;
  precision: number | null;
  recall: number | null;
}

export interface EvaluationReport {
  cases: number;
  /** Top-level category right (what routing depends on), over all cases. */
  accuracy: number;
  /** Exact (sub-)category right, over all cases. */
  exactAccuracy: number;
  /** The right top-level category among the three suggestions. */
  top3Accuracy: number;
  /** Share below the confidence threshold (or with no category): sent to a dispatcher. */
  toPerson: number;
  /** Top-level accuracy over the cases routed automatically: the target's measure. */
  autoAccuracy: number;
  perCategory: CategoryScore[];
  mistakes: { id: string; text: string; expected: string; predicted: string | null; confidence: number }[];
}

/**
 * Scores a classifier on labelled cases at the top level of the taxonomy (routing rules are
 * written per top-level category), and also exactly.
 */
export function evaluate(classifier: Classifier, dir: Directory, cases: readonly LabelledCase[], threshold: number): EvaluationReport {
  const rootOf = (id: string | null) => (id === null ? null : rootCategory(dir, id));
  const roots = dir.categories.filter((c) => c.parentId === null).map((c) => c.id);
  const counts = new Map(roots.map((r) => [r, { support: 0, predicted: 0, correct: 0 }]));
  let correct = 0;
  let exact = 0;
  let top3 = 0;
  let auto = 0;
  let autoCorrect = 0;
  const mistakes: EvaluationReport['mistakes'] = [];
  for (const c of cases) {
    const result = classifier.classify({ text: c.text });
    const expected = rootOf(c.categoryId)!;
    const predicted = rootOf(result.categoryId);
    const routed = result.categoryId !== null && result.confidence >= threshold;
    counts.get(expected)!.support++;
    if (predicted) counts.get(predicted)!.predicted++;
    if (predicted === expected) {
      correct++;
      counts.get(expected)!.correct++;
    } else {
      mistakes.push({ id: c.id, text: c.text, expected: c.categoryId, predicted: result.categoryId, confidence: result.confidence });
    }
    if (result.categoryId === c.categoryId) exact++;
    if (result.suggestions.some((s) => rootOf(s.categoryId) === expected) || predicted === expected) top3++;
    if (routed) {
      auto++;
      if (predicted === expected) autoCorrect++;
    }
  }
  const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    cases: cases.length,
    accuracy: ratio(correct, cases.length),
    exactAccuracy: ratio(exact, cases.length),
    top3Accuracy: ratio(top3, cases.length),
    toPerson: ratio(cases.length - auto, cases.length),
    autoAccuracy: ratio(autoCorrect, auto),
    perCategory: [...counts].map(([categoryId, k]) => ({
      categoryId,
      ...k,
      precision: k.predicted ? k.correct / k.predicted : null,
      recall: k.support ? k.correct / k.support : null,
    })),
    mistakes,
  };
}
