import type { Directory } from '../../schema/directory';
import { rootCategory } from '../categories';
import type { LinearModel } from './linear-model';
import { termsOf } from './terms';
import { textFeatures } from './text-features';
import { DEFAULT_TRAINING, trainLinearModel, type TrainingExample, type TrainingOptions } from './train-linear-model';

export interface LabelledText {
  text: string;
  categoryId: string;
}

/**
 * The learned model for a directory: one class per top-level category, trained on labelled texts
 * and, at `termWeight`, on the directory's own dictionary terms read as tiny texts, so the model
 * also knows the words no labelled text happened to use.
 */
export function trainClassifierModel(dir: Directory, texts: readonly LabelledText[], termWeight: number, options: TrainingOptions = DEFAULT_TRAINING): LinearModel {
  const roots = dir.categories.filter((c) => c.parentId === null).map((c) => c.id);
  const examples: TrainingExample[] = texts.map((t) => ({ features: textFeatures(t.text), label: rootCategory(dir, t.categoryId) }));
  if (termWeight > 0) {
    for (const term of termsOf(dir.categories)) {
      if (term.weight <= 0) continue;
      examples.push({ features: textFeatures(term.text), label: rootCategory(dir, term.categoryId), weight: termWeight * term.weight });
    }
  }
  return trainLinearModel(roots, examples, options);
}
