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
  let file: ClassifierModelFile;
  try {
    file = loadJson(ClassifierModelFile, modelFile, undefined, 'CASE_CLASSIFIER_MODEL_FILE');
  } catch (error) {
    throw new Error(`${(error as Error).message}\nTrain a model with npm run train:classify, or set CASE_CLASSIFIER_MODEL_FILE=none to classify with the dictionary alone.`);
  }
  return combinedClassifier(directory, modelFromFile(file), file.keywordWeight);
}
