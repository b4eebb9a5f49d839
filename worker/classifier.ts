import { readFileSync } from 'node:fs';
import type { Classifier } from '../domain/classifier/classifier';
import { combinedClassifier } from '../domain/classifier/combined-classifier';
import { keywordClassifier } from '../domain/classifier/keyword-classifier';
import { modelFromFile } from '../domain/classifier/model-file';
import { ClassifierModelFile } from '../schema/classifier-model';
import type { Directory } from '../schema/directory';
import { loadJson } from './config';

/** The dictionary with the learned model when there is one, the dictionary alone otherwise. */
export function loadClassifier(directory: Directory, modelFile: string | undefined): Classifier {
  if (!modelFile) return keywordClassifier(directory);
  const raw: unknown = readJsonFile(modelFile);
  const file = loadJson(ClassifierModelFile, undefined, raw, 'CASE_CLASSIFIER_MODEL_FILE');
  return combinedClassifier(directory, modelFromFile(file), file.keywordWeight);
}

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`CASE_CLASSIFIER_MODEL_FILE=${file} could not be read as JSON: ${(error as Error).message}. Train one with npm run train:classify, or set CASE_CLASSIFIER_MODEL_FILE=none to classify with the dictionary alone.`);
  }
}
