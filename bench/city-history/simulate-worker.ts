import { parentPort, workerData } from 'node:worker_threads';
import { defaultCityModel, historyCases, type HistoryOptions } from './city-history';
import { encodeBatch, type EncodedBatch } from './write-history';

/**
 * A worker thread that simulates and encodes batches of cases, so the main thread only feeds
 * the database connections and never holds a COPY stream back while it computes. It works on
 * batches `first, first + stride, …` (several workers interleave, keeping the log roughly in
 * time order) and keeps at most `credit` batches unacknowledged, which bounds memory when the
 * database is the slower side.
 */
export interface WorkerInput {
  options: HistoryOptions;
  batchSize: number;
  first: number;
  stride: number;
  credit: number;
}

export type WorkerMessage = { kind: 'batch'; index: number; batch: EncodedBatch; simulateMs: number; encodeMs: number } | { kind: 'done' };

const input = workerData as WorkerInput;
const port = parentPort!;
let credit = input.credit;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
});

const model = defaultCityModel();
const batches = Math.ceil(input.options.cases / input.batchSize);
for (let b = input.first; b < batches; b += input.stride) {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = null;
  credit--;
  const started = performance.now();
  const from = b * input.batchSize;
  const cases = [...historyCases(model, input.options, from, Math.min(from + input.batchSize, input.options.cases))];
  const simulated = performance.now();
  const batch = encodeBatch(cases);
  port.postMessage({ kind: 'batch', index: b, batch, simulateMs: simulated - started, encodeMs: performance.now() - simulated } satisfies WorkerMessage);
}
port.postMessage({ kind: 'done' } satisfies WorkerMessage);
