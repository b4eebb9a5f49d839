import type { ClassifierModelFile } from '../../schema/classifier-model';
import type { LinearModel } from './linear-model';

/** Weights below this change no decision; leaving them out keeps the file a third of the size. */
const NEGLIGIBLE = 0.002;
const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function modelToFile(model: LinearModel, meta: Pick<ClassifierModelFile, 'keywordWeight' | 'trainedOn'>): ClassifierModelFile {
  const weights: Record<string, number[]> = {};
  for (const f of [...model.weights.keys()].sort()) {
    const w = model.weights.get(f)!;
    if (w.some((v) => Math.abs(v) >= NEGLIGIBLE)) weights[f] = Array.from(w, round);
  }
  return { format: 'linear-text-model/1', ...meta, classes: model.classes, bias: model.bias.map(round), weights };
}

export function modelFromFile(file: ClassifierModelFile): LinearModel {
  return {
    classes: file.classes,
    bias: file.bias,
    weights: new Map(Object.entries(file.weights).map(([f, w]) => [f, Float64Array.from(w)])),
  };
}
