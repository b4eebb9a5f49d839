import { describe, expect, it } from 'vitest';
import { combinedClassifier } from '../../domain/classifier/combined-classifier';
import { softmax, logits, type LinearModel } from '../../domain/classifier/linear-model';
import { modelFromFile, modelToFile } from '../../domain/classifier/model-file';
import { featureInText, textFeatures } from '../../domain/classifier/text-features';
import { trainClassifierModel } from '../../domain/classifier/train-classifier-model';
import { trainLinearModel } from '../../domain/classifier/train-linear-model';
import { ClassifierModelFile } from '../../schema/classifier-model';
import { Directory, type DirectoryInput } from '../../schema/directory';
import { directory as demoCity } from './fixtures';

describe('text features', () => {
  it('reads Chinese as runs of one to three characters, without segmenting words', () => {
    expect([...textFeatures('井盖翘').keys()].sort()).toEqual(['井', '井盖', '井盖翘', '盖', '盖翘', '翘'].sort());
  });

  it('reads English as words in their normal form and pairs of neighbouring words', () => {
    expect([...textFeatures('The drains are blocked').keys()].sort()).toEqual(['are', 'are block', 'block', 'drain', 'drain are'].sort());
  });

  it('finds a feature in the resident\'s own words, on whole English words', () => {
    expect(featureInText('The Drains are blocked', 'drain are')).toBe('Drains are');
    expect(featureInText('井盖翘起来了', '翘起')).toBe('翘起');
    expect(featureInText('shoplifting again', 'lift')).toBeNull();
    expect(featureInText('the lift again', 'lift')).toBe('lift');
  });

  it('counts a repeated feature once and gives every text unit length', () => {
    const f = textFeatures('noisy noisy noisy bar 吵吵');
    expect(f.size).toBe(new Set(f.keys()).size);
    const length = Math.sqrt([...f.values()].reduce((s, x) => s + x * x, 0));
    expect(length).toBeCloseTo(1, 10);
    expect(textFeatures('').size).toBe(0);
  });
});

const example = (text: string, label: string) => ({ features: textFeatures(text), label });
const toy = [
  example('下水道堵了 污水冒出来', 'drainage'),
  example('下水道又堵 臭', 'drainage'),
  example('sewer blocked again', 'drainage'),
  example('the sewer smells', 'drainage'),
  example('楼上装修太吵 噪音', 'noise'),
  example('晚上噪音吵得睡不着', 'noise'),
  example('bar music too loud at night', 'noise'),
  example('loud music from the bar', 'noise'),
];
const options = { epochs: 30, learningRate: 1, l2: 1e-4, minDocuments: 1, seed: 7 };
const predict = (m: LinearModel, text: string) => {
  const p = softmax(logits(m, textFeatures(text)));
  return m.classes[p.indexOf(Math.max(...p))];
};

describe('training the linear model', () => {
  it('learns texts it was not shown from the features they share with its examples', () => {
    const m = trainLinearModel(['drainage', 'noise'], toy, options);
    expect(predict(m, '下水道堵住了')).toBe('drainage');
    expect(predict(m, 'the music is loud')).toBe('noise');
  });

  it('gives the same model for the same examples and seed', () => {
    const a = trainLinearModel(['drainage', 'noise'], toy, options);
    const b = trainLinearModel(['drainage', 'noise'], toy, options);
    expect(modelToFile(a, meta)).toEqual(modelToFile(b, meta));
  });

  it('drops features seen in fewer texts than minDocuments', () => {
    const m = trainLinearModel(['drainage', 'noise'], toy, { ...options, minDocuments: 2 });
    expect(m.weights.has('下水道')).toBe(true);
    expect(m.weights.has('smell')).toBe(false);
  });

  it('refuses an example labelled outside its classes', () => {
    expect(() => trainLinearModel(['drainage'], [example('loud', 'noise')], options)).toThrow(/noise, which is not a class/);
  });
});

const meta = { keywordWeight: 1, trainedOn: { texts: 8, termWeight: 0, sha256: '0'.repeat(64) } };

describe('the model file', () => {
  it('keeps what decides and leaves out negligible weights', () => {
    const m = trainLinearModel(['drainage', 'noise'], toy, options);
    m.weights.set('never-mattered', new Float64Array([0.0001, -0.001]));
    const file = ClassifierModelFile.parse(JSON.parse(JSON.stringify(modelToFile(m, meta))));
    expect(file.weights['never-mattered']).toBeUndefined();
    const back = modelFromFile(file);
    expect(predict(back, '下水道堵住了')).toBe('drainage');
    expect(Array.from(back.weights.get('下水道')!)).toEqual(Array.from(m.weights.get('下水道')!, (v) => Math.round(v * 10_000) / 10_000));
  });

  it('names a weight list of the wrong length', () => {
    const bad = { format: 'linear-text-model/1', ...meta, classes: ['a', 'b'], bias: [0, 0], weights: { x: [1] } };
    const r = ClassifierModelFile.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['weights', 'x'], message: 'needs one number per class (2)' });
  });
});

/** A taxonomy whose dictionary knows sewers but not music, and a model trained on toy texts. */
const dir = Directory.parse({
  ...demoCity,
  categories: [
    { id: 'drainage', parentId: null, name: 'Drainage', nameZh: '排水', keywords: ['sewer'] },
    { id: 'drainage.sewer', parentId: 'drainage', name: 'Sewer', nameZh: '下水道', keywords: ['+blocked sewer'] },
    { id: 'noise', parentId: null, name: 'Noise', nameZh: '噪音', keywords: ['噪音'] },
  ],
  routingRules: [],
} satisfies DirectoryInput);
const model = trainLinearModel(['drainage', 'noise'], toy, options);

describe('the dictionary and the model combined', () => {
  it('takes the sub-category from the dictionary within the branch they choose', () => {
    const r = combinedClassifier(dir, model, 1).classify({ text: 'blocked sewer behind the bar' });
    expect(r.categoryId).toBe('drainage.sewer');
    expect(r.evidence).toEqual(['blocked sewer']);
  });

  it('lets the model decide where the dictionary is silent, and explains with its strongest features', () => {
    const r = combinedClassifier(dir, model, 1).classify({ text: 'loud music at night' });
    expect(r.categoryId).toBe('noise');
    expect(r.evidence.length).toBeGreaterThan(0);
    expect(r.evidence.every((words) => 'loud music at night'.includes(words))).toBe(true);
  });

  it('weighs the dictionary by keywordWeight: heavy, it overrules the model; at zero, it is ignored', () => {
    const text = '噪音 from the blocked sewer, bar music loud at night';
    expect(combinedClassifier(dir, model, 0).classify({ text }).categoryId).toBe('noise');
    expect(combinedClassifier(dir, model, 20).classify({ text }).categoryId).toBe('drainage.sewer');
  });

  it('is surer when both agree than when they disagree, and ranks every branch as a suggestion', () => {
    const agree = combinedClassifier(dir, model, 1).classify({ text: '下水道堵了 blocked sewer' });
    const disagree = combinedClassifier(dir, model, 1).classify({ text: 'sewer, bar music loud at night' });
    expect(agree.confidence).toBeGreaterThan(disagree.confidence);
    expect(agree.suggestions.map((s) => s.categoryId)).toEqual(['drainage.sewer', 'noise']);
    expect(agree.suggestions.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 2);
  });

  it('refuses a model that lacks a branch of the taxonomy', () => {
    const partial = trainLinearModel(['drainage'], toy.filter((e) => e.label === 'drainage'), options);
    expect(() => combinedClassifier(dir, partial, 1)).toThrow(/no class for noise: retrain it/);
  });

  it('trains from labelled texts and, when asked, the dictionary terms', () => {
    const texts = [
      { text: 'sewer overflowing', categoryId: 'drainage.sewer' },
      { text: '噪音太大', categoryId: 'noise' },
    ];
    const withoutTerms = trainClassifierModel(dir, texts, 0, { ...options, minDocuments: 1 });
    const withTerms = trainClassifierModel(dir, texts, 1, { ...options, minDocuments: 1 });
    expect(withoutTerms.classes).toEqual(['drainage', 'noise']);
    expect(withoutTerms.weights.has('block sewer')).toBe(false);
    expect(withTerms.weights.get('block sewer')![0]).toBeGreaterThan(0);
  });
});
