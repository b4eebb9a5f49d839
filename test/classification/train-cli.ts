// `npm run train:classify [-- --term-weight 0.3 --keyword-weight 1]`: trains the classifier's
// learned model on the tuning split of the labelled cases (and the dictionary's terms) and writes
// it to config/demo-city-classifier.json. Without options it keeps the file's present weights,
// which were chosen on a development set (choose-combination.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { modelToFile } from '../../domain/classifier/model-file';
import { trainClassifierModel } from '../../domain/classifier/train-classifier-model';
import { ClassifierModelFile } from '../../schema/classifier-model';
import { DEMO_CLASSIFIER_MODEL_FILE, loadConfig } from '../../worker/config';
import { readLabelledCases } from './labelled-cases';
import { trainingCases, trainingFingerprint } from './training-data';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const present = existsSync(DEMO_CLASSIFIER_MODEL_FILE) ? ClassifierModelFile.parse(JSON.parse(readFileSync(DEMO_CLASSIFIER_MODEL_FILE, 'utf8'))) : undefined;
const termWeight = option('term-weight') ?? present?.trainedOn.termWeight;
const keywordWeight = option('keyword-weight') ?? present?.keywordWeight;
if (termWeight === undefined || keywordWeight === undefined || Number.isNaN(termWeight) || Number.isNaN(keywordWeight)) {
  process.stderr.write('no model file yet: give --term-weight and --keyword-weight (choose them with npm run eval:classify -- --files <development set> --split tune --choose)\n');
  process.exit(2);
}
const { directory } = loadConfig({});
const cases = readLabelledCases();
const texts = trainingCases(cases);
const started = Date.now();
process.stdout.write(`training on ${texts.length} labelled texts (tuning split) and the dictionary at term weight ${termWeight}…\n`);
const model = trainClassifierModel(directory, texts, termWeight);
const file = modelToFile(model, { keywordWeight, trainedOn: { texts: texts.length, termWeight, sha256: trainingFingerprint(directory, cases, termWeight) } });
// One feature per line, so a retrained model's diff shows what moved.
const { weights, ...head } = file;
const body = Object.entries(weights).map(([f, w]) => `${JSON.stringify(f)}:${JSON.stringify(w)}`);
writeFileSync(DEMO_CLASSIFIER_MODEL_FILE, `${JSON.stringify(head).slice(0, -1)},"weights":{\n${body.join(',\n')}\n}}\n`);
process.stdout.write(`${body.length} features, ${model.classes.length} classes, ${Date.now() - started} ms; written to ${DEMO_CLASSIFIER_MODEL_FILE}\n`);
