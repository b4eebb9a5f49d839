import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootCategory } from '../../domain/categories';
import { ClassifierModelFile } from '../../schema/classifier-model';
import { loadClassifier } from '../../worker/classifier';
import { DEMO_CLASSIFIER_MODEL_FILE, loadConfig } from '../../worker/config';
import { readLabelledCases } from '../classification/labelled-cases';
import { trainingFingerprint } from '../classification/training-data';
import { directory, policyWith } from './fixtures';

const committed = ClassifierModelFile.parse(JSON.parse(readFileSync(DEMO_CLASSIFIER_MODEL_FILE, 'utf8')));

describe('the demo city classifier model', () => {
  it('was trained on the labelled cases and dictionary as they are now (else: npm run train:classify)', () => {
    expect(committed.trainedOn.sha256).toBe(trainingFingerprint(directory, readLabelledCases(), committed.trainedOn.termWeight));
  });

  it('has a class for every top-level category of the demo taxonomy', () => {
    expect(committed.classes).toEqual(directory.categories.filter((c) => c.parentId === null).map((c) => c.id));
  });
});

describe('which classifier the engine runs', () => {
  it('runs the dictionary with the demo model for the demo directory', () => {
    expect(loadConfig({}).classifierModelFile).toBe(DEMO_CLASSIFIER_MODEL_FILE);
    expect(loadConfig({ CASE_CLASSIFIER_MODEL_FILE: 'none' }).classifierModelFile).toBeUndefined();
  });

  it('runs a replaced directory on its dictionary alone, unless a model is named for it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'directory-'));
    const file = path.join(dir, 'city.json');
    writeFileSync(file, JSON.stringify(directory));
    expect(loadConfig({ CASE_DIRECTORY_FILE: file }).classifierModelFile).toBeUndefined();
    expect(loadConfig({ CASE_DIRECTORY_FILE: file, CASE_CLASSIFIER_MODEL_FILE: 'model.json' }).classifierModelFile).toBe(path.resolve('model.json'));
  });

  it('says what to do when the model file cannot be read or is not a model', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'model-'));
    expect(() => loadClassifier(directory, path.join(dir, 'missing.json'))).toThrow(/could not be read as JSON.*npm run train:classify.*CASE_CLASSIFIER_MODEL_FILE=none/s);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...committed, bias: [1] }));
    expect(() => loadClassifier(directory, bad)).toThrow(/bias: needs one number per class \(21\)/);
    expect(() => loadClassifier(directory, bad)).toThrow(`CASE_CLASSIFIER_MODEL_FILE=${bad} is not valid`);
  });

  it('explains a model choice by the matched terms, and routes everyday descriptions at the demo threshold', () => {
    const classifier = loadClassifier(directory, DEMO_CLASSIFIER_MODEL_FILE);
    const threshold = policyWith().autoRouteConfidence;
    // Written for this test; not in the labelled sets.
    for (const [text, branch] of [
      ['我们单元的下水道堵了三天，污水从地漏往上冒', 'drainage'],
      ['The boss of the restaurant owes me two months of wages and will not answer my calls', 'employment'],
      ['楼下烧烤店的油烟和音响每天闹到凌晨两点', 'noise'],
      ['Our lift has been out of order for a week and my mother lives on the 18th floor', 'property'],
    ] as const) {
      const r = classifier.classify({ text });
      expect(rootCategory(directory, r.categoryId!)).toBe(branch);
      expect(r.confidence).toBeGreaterThanOrEqual(threshold);
      expect(r.evidence.length).toBeGreaterThan(0);
    }
  });

  it('sends a text with nothing to go on to a person', () => {
    const classifier = loadClassifier(directory, DEMO_CLASSIFIER_MODEL_FILE);
    expect(classifier.classify({ text: 'Please help with a problem' }).confidence).toBeLessThan(policyWith().autoRouteConfidence);
  });
});
