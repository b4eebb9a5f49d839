import { rootCategory } from '../../domain/categories';
import type { Classifier } from '../../domain/classifier/classifier';
import { combinedClassifier } from '../../domain/classifier/combined-classifier';
import { keywordClassifier } from '../../domain/classifier/keyword-classifier';
import { trainClassifierModel } from '../../domain/classifier/train-classifier-model';
import type { Directory } from '../../schema/directory';
import { bestThreshold, chooseCandidate, KEYWORD_WEIGHTS, TERM_WEIGHTS, type CandidateFigures, type Outcome } from './choose-combination';
import type { LabelledCase } from './evaluate';
import { trainingCases } from './training-data';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Every candidate scored on the development cases, in aggregate only, and the one the rule
 * chooses. The model is trained on the other sets' tuning split, never on the development set.
 */
export function runChoice(dir: Directory, others: readonly LabelledCase[], development: readonly LabelledCase[]): string {
  const outcomes = (classifier: Classifier): Outcome[] =>
    development.map((c) => {
      const r = classifier.classify({ text: c.text });
      return { confidence: r.confidence, right: r.categoryId !== null && rootCategory(dir, r.categoryId) === rootCategory(dir, c.categoryId) };
    });
  const figures = (termWeight: number, keywordWeight: number | null, classifier: Classifier): CandidateFigures => {
    const o = outcomes(classifier);
    return { termWeight, keywordWeight, top1: o.filter((x) => x.right).length / o.length, best: bestThreshold(o) };
  };
  const rows: CandidateFigures[] = [];
  const baseline = figures(0, null, keywordClassifier(dir));
  for (const termWeight of TERM_WEIGHTS) {
    const model = trainClassifierModel(dir, trainingCases(others), termWeight);
    for (const keywordWeight of KEYWORD_WEIGHTS) rows.push(figures(termWeight, keywordWeight, combinedClassifier(dir, model, keywordWeight)));
  }
  const chosen = chooseCandidate(rows);
  const line = (r: CandidateFigures) =>
    `| ${r.termWeight} | ${r.keywordWeight ?? 'dictionary alone'} | ${pct(r.top1)} | ${r.best.threshold.toFixed(2)} | ${pct(r.best.routedTop1)} | ${pct(r.best.toPerson)} | ${(r.best.room * 100).toFixed(1)} |`;
  return [
    `${development.length} development cases; model trained on ${trainingCases(others).length} texts of the other sets`,
    '',
    '| term weight | keyword weight | top-1 | threshold | top-1 of routed | to a person | room (points) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    line(baseline),
    ...rows.map(line),
    '',
    `chosen: term weight ${chosen.termWeight}, keyword weight ${chosen.keywordWeight}, threshold ${chosen.best.threshold.toFixed(2)}`,
    '',
  ].join('\n');
}
