import type { LinearModel } from './linear-model';
import { logits, softmax } from './linear-model';
import type { Features } from './text-features';

export interface TrainingExample {
  features: Features;
  label: string;
  /** How much the example counts against a labelled text's 1. */
  weight?: number;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example seen: keeps rare n-grams from memorising their one text. */
  l2: number;
  /** Features seen in fewer texts are dropped: a model of the tuning texts' typos generalises to nothing. */
  minDocuments: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 40, learningRate: 0.5, l2: 1e-4, minDocuments: 2, seed: 1 };

/**
 * Stochastic gradient descent on the cross-entropy, in an order fixed by the seed, so the same
 * examples always give the same model (a retrained model differs only when its data does).
 */
export function trainLinearModel(classes: readonly string[], examples: readonly TrainingExample[], options: TrainingOptions = DEFAULT_TRAINING): LinearModel {
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const documents = new Map<string, number>();
  for (const e of examples) for (const f of e.features.keys()) documents.set(f, (documents.get(f) ?? 0) + 1);
  const model: LinearModel = { classes: [...classes], bias: classes.map(() => 0), weights: new Map() };
  for (const [f, n] of documents) if (n >= options.minDocuments) model.weights.set(f, new Float64Array(classes.length));

  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const decay = 1 - options.learningRate * options.l2;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    const rate = options.learningRate / (1 + epoch * 0.1);
    for (const i of order) {
      const e = examples[i]!;
      const y = classIndex.get(e.label);
      if (y === undefined) throw new Error(`training example labelled ${e.label}, which is not a class of the model`);
      const p = softmax(logits(model, e.features));
      const step = rate * (e.weight ?? 1);
      for (let c = 0; c < p.length; c++) model.bias[c]! -= step * (p[c]! - (c === y ? 1 : 0)) * 0.1;
      for (const [f, x] of e.features) {
        const w = model.weights.get(f);
        if (!w) continue;
        for (let c = 0; c < p.length; c++) w[c] = w[c]! * decay - step * (p[c]! - (c === y ? 1 : 0)) * x;
      }
    }
  }
  return model;
}

/** A small linear congruential generator: deterministic, and enough to shuffle. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(a: T[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}
