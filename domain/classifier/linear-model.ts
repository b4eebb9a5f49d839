import type { Features } from './text-features';

/**
 * A multinomial logistic regression over text features: per feature, one weight per class. It
 * answers a probability for every class, so its confidence can be compared with a threshold.
 */
export interface LinearModel {
  classes: string[];
  bias: number[];
  weights: Map<string, Float64Array>;
}

export function logits(model: LinearModel, features: Features): Float64Array {
  const z = Float64Array.from(model.bias);
  for (const [f, x] of features) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let c = 0; c < z.length; c++) z[c]! += w[c]! * x;
  }
  return z;
}

export function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** The features that pushed a text towards a class the most, strongest first. */
export function strongestFeatures(model: LinearModel, features: Features, classIndex: number, n: number): string[] {
  return [...features]
    .map(([f, x]) => ({ f, v: (model.weights.get(f)?.[classIndex] ?? 0) * x }))
    .filter((e) => e.v > 0)
    .sort((a, b) => b.v - a.v)
    .slice(0, n)
    .map((e) => e.f);
}
