// `npm run eval:classify [-- --split tune|holdout] [--mistakes] [--threshold 0.5]`: scores the
// classifier on the labelled cases in this folder and, for a full run, writes the figures to
// BENCHMARKS.md. Tune on the tune split only; the held-out split is for the reported figures.
//
// `--files a.json,b.json --split tune [--sweep 0.35,0.45,0.55]`: scores a new labelled set that
// has not been tuned on (a development set), in aggregate only: it refuses `--mistakes`, so the
// figures measure how the vocabulary generalises and reading them cannot turn into tuning.
// `--sweep` prints one line per threshold, for choosing autoRouteConfidence. `--choose` trains the
// model on every other labelled set's tuning split and applies the rule of choose-combination.ts
// to the development set: how the dictionary and the model are combined, and the threshold.
import os from 'node:os';
import { existsSync } from 'node:fs';
import { keywordClassifier } from '../../domain/classifier/keyword-classifier';
import { loadConfig } from '../../worker/config';
import { loadClassifier } from '../../worker/classifier';
import { writeBenchmarkSection } from '../../bench/benchmarks-file';
import { evaluate, labelledSetOf, refusedRun, splitOf, type EvaluationReport } from './evaluate';
import { labelledFiles, readLabelledCases } from './labelled-cases';
import { runChoice } from './run-choice';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const config = loadConfig();
const threshold = Number(option('threshold') ?? config.policy.autoRouteConfidence);
const only = option('split');
const files = option('files')?.split(',');
const refused = refusedRun({ files, split: only, mistakes: args.includes('--mistakes') });
if (refused) {
  process.stderr.write(`${refused}\n`);
  process.exit(2);
}
const all = readLabelledCases(files);
if (files && args.includes('--choose')) {
  const others = readLabelledCases(labelledFiles().filter((f) => !files.includes(f)));
  process.stdout.write(runChoice(config.directory, others, all.filter((c) => splitOf(c.id) === 'tune')));
  process.exit(0);
}
const modelFile = config.classifierModelFile && existsSync(config.classifierModelFile) ? config.classifierModelFile : undefined;
const heapBefore = process.memoryUsage().heapUsed;
const loadStarted = performance.now();
const classifier = files ? keywordClassifier(config.directory) : loadClassifier(config.directory, modelFile);
const loadMs = performance.now() - loadStarted;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const splits = (only ? [only] : ['tune', 'holdout']) as ('tune' | 'holdout')[];

const pct = (x: number | null) => (x === null ? '  –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
const lines: string[] = [];
const reports: Record<string, EvaluationReport> = {};
for (const split of splits) {
  const cases = all.filter((c) => splitOf(c.id) === split);
  const zh = cases.filter((c) => c.id.startsWith('zh') || (c.id.startsWith('ops-') && /[\u4e00-\u9fff]/.test(c.text))).length;
  const r = (reports[split] = evaluate(classifier, config.directory, cases, threshold));
  lines.push(
    `### ${split} split: ${r.cases} cases (${zh} Chinese, ${r.cases - zh} English), confidence threshold ${threshold}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| top-1 accuracy (top-level category, what routing uses) | ${pct(r.accuracy)} |`,
    `| top-1 accuracy (exact sub-category) | ${pct(r.exactAccuracy)} |`,
    `| top-3 accuracy (top-level) | ${pct(r.top3Accuracy)} |`,
    `| sent to a person (below the threshold) | ${pct(r.toPerson)} |`,
    `| top-1 accuracy of the cases routed automatically | ${pct(r.autoAccuracy)} |`,
    '',
    '| category | cases | predicted | right | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.perCategory.map((c) => `| ${c.categoryId} | ${c.support} | ${c.predicted} | ${c.correct} | ${pct(c.precision)} | ${pct(c.recall)} |`),
    '',
    // Each set was written by other hands; how the classifier does on each shows how it generalises.
    '| labelled set | cases | top-1 | sent to a person | top-1 of routed |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...[...new Set(cases.map((c) => labelledSetOf(c.id)))].sort().map((set) => {
      const s = evaluate(classifier, config.directory, cases.filter((c) => labelledSetOf(c.id) === set), threshold);
      return `| ${set} | ${s.cases} | ${pct(s.accuracy)} | ${pct(s.toPerson)} | ${pct(s.autoAccuracy)} |`;
    }),
    '',
  );
  if (args.includes('--mistakes')) {
    for (const m of r.mistakes) process.stdout.write(`${m.id}\texpected ${m.expected}\tgot ${m.predicted} (${m.confidence})\t${m.text.slice(0, 90)}\n`);
  }
}
process.stdout.write(lines.join('\n') + '\n');

const sweep = option('sweep')?.split(',').map(Number);
if (sweep) {
  process.stdout.write('| split | threshold | top-1 | sent to a person | top-1 of routed |\n| --- | ---: | ---: | ---: | ---: |\n');
  for (const split of splits) {
    const cases = all.filter((c) => splitOf(c.id) === split);
    for (const t of sweep) {
      const r = evaluate(classifier, config.directory, cases, t);
      process.stdout.write(`| ${split} | ${t} | ${pct(r.accuracy)} | ${pct(r.toPerson)} | ${pct(r.autoAccuracy)} |\n`);
    }
  }
}

if (!only && !files) {
  const holdout = reports.holdout!;
  const verdict = `Targets on the held-out split: top-1 of the automatically routed cases ≥ 90% (${pct(holdout.autoAccuracy).trim()}), at most 15% sent to a person (${pct(holdout.toPerson).trim()}).`;
  // What the worker pays for the classifier: once at start, then per new case (the triage activity).
  const timed = all.slice(0, 1000);
  const started = performance.now();
  for (let round = 0; round < 3; round++) for (const c of timed) classifier.classify({ text: c.text });
  const perText = ((performance.now() - started) / (3 * timed.length)) * 1000;
  const cost = `Cost: loading the classifier took ${loadMs.toFixed(0)} ms and about ${heapMb.toFixed(0)} MB of heap (${modelFile ? 'dictionary and model' : 'dictionary alone'}); classifying took ${perText.toFixed(0)} µs per text (mean over ${3 * timed.length} classifications of labelled texts).`;
  process.stdout.write(`${cost}\n`);
  writeBenchmarkSection('eval:classify', [
    '## Classifier (`npm run eval:classify`)',
    '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}. ${all.length} labelled cases in \`test/classification/\`, split by a hash of their id into tuning and held-out parts.`,
    '',
    verdict,
    '',
    cost,
    '',
    ...lines,
  ]);
  process.stdout.write(`${verdict}\nwritten to BENCHMARKS.md\n`);
}
