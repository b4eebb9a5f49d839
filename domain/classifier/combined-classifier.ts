import type { Classification } from '../../schema/automation';
import type { Directory } from '../../schema/directory';
import type { CaseText, Classifier } from './classifier';
import { categoryRanker } from './keyword-classifier';
import { logits, softmax, strongestFeatures, type LinearModel } from './linear-model';
import { featureInText, textFeatures } from './text-features';

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The dictionary and the learned model, each voting on the top-level category: the model's
 * log-probability plus `keywordWeight` times the dictionary's score for the branch, normalised
 * again. The dictionary is precise where it has a term and silent elsewhere; the model has an
 * opinion on every text but a weaker one. The sub-category is the dictionary's best within the
 * chosen branch (the model knows only branches), or the branch itself when it has no such term.
 * Confidence is the chosen branch's combined probability.
 */
export function combinedClassifier(dir: Directory, model: LinearModel, keywordWeight: number): Classifier {
  const rank = categoryRanker(dir);
  const roots = dir.categories.filter((c) => c.parentId === null).map((c) => c.id);
  const modelIndex = roots.map((r) => model.classes.indexOf(r));
  const missing = roots.filter((_, i) => modelIndex[i]! < 0);
  if (missing.length) throw new Error(`the classifier model has no class for ${missing.join(', ')}: retrain it for this directory (npm run train:classify) or run without it`);

  return {
    classify({ text }: CaseText): Classification {
      const scored = rank(text);
      const features = textFeatures(text);
      const modelLogits = logits(model, features);
      const modelLog = Array.from(softmax(modelLogits), Math.log);
      const best = roots.map((root) => scored.find((c) => c.root === root));
      const combined = softmax(Float64Array.from(roots, (_, i) => modelLog[modelIndex[i]!]! + keywordWeight * (best[i]?.score ?? 0)));
      const order = roots.map((_, i) => i).sort((a, b) => combined[b]! - combined[a]!);
      const top = order[0]!;
      const chosen = best[top];
      const evidence = chosen
        ? [...new Set(chosen.evidence)]
        : [...new Set(strongestFeatures(model, features, modelIndex[top]!, 3).map((f) => featureInText(text, f) ?? f))];
      return {
        categoryId: chosen?.categoryId ?? roots[top]!,
        confidence: round(combined[top]!),
        evidence,
        suggestions: order.slice(0, 3).map((i) => ({ categoryId: best[i]?.categoryId ?? roots[i]!, score: round(combined[i]!) })),
      };
    },
  };
}
