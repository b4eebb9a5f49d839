import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { HistoryOptions } from './city-history';
import type { WorkerInput, WorkerMessage } from './simulate-worker';
import { buildIndexes, deferrableIndexes, dropIndexes, type DeferredIndex } from './deferred-indexes';
import { CopyWriter, type EncodedBatch } from './write-history';

export interface LoadOptions {
  url: string;
  history: HistoryOptions;
  /** Simulation threads. */
  workers: number;
  /** Database connections COPYing at once. */
  connections: number;
  batchSize: number;
  /** Drop the log's unique constraints and every secondary index for the load, and build them after. */
  deferIndexes: boolean;
  onProgress(p: { cases: number; events: number }): void;
  onPhase(phase: string, detail?: Record<string, unknown>): void;
}

export interface LoadResult {
  cases: number;
  events: number;
  refused: number;
  /** Time spent simulating and encoding, summed over the worker threads. */
  simulateMs: number;
  encodeMs: number;
  loadMs: number;
  indexMs: number;
}

const TABLES = ['case_events', 'cases'];

/** Simulates the history in worker threads and COPYs it into PostgreSQL as it comes. */
export async function loadHistory(opts: LoadOptions): Promise<LoadResult> {
  let deferred: DeferredIndex[] = [];
  if (opts.deferIndexes) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      deferred = await deferrableIndexes(admin, TABLES);
      opts.onPhase('defer-indexes', { dropped: deferred.map((d) => d.name) });
      await dropIndexes(admin, deferred);
    } finally {
      await admin.end();
    }
  }
  let result: Omit<LoadResult, 'indexMs'>;
  let indexMs = 0;
  try {
    result = await copyAll(opts);
  } finally {
    // Even after a failure the schema must end as the migrations define it.
    if (deferred.length) {
      opts.onPhase('build-indexes');
      const started = performance.now();
      await buildIndexes(opts.url, deferred, (d, ms) => opts.onPhase('index-built', { name: d.name, seconds: round1(ms / 1000) }));
      indexMs = performance.now() - started;
      opts.onPhase('indexes-built', { seconds: round1(indexMs / 1000) });
    }
  }
  return { ...result, indexMs };
}

async function copyAll(opts: LoadOptions): Promise<Omit<LoadResult, 'indexMs'>> {
  const started = performance.now();
  const writer = await CopyWriter.open(opts.url, opts.connections);
  const totals = { cases: 0, events: 0, refused: 0, simulateMs: 0, encodeMs: 0 };
  const hooks = new URL('./transpile-hooks.mjs', import.meta.url).href;
  const entry = new URL('./simulate-worker.ts', import.meta.url).href;
  // Worker threads do not inherit the main thread's loader: each registers its own first.
  const boot = `import('node:module').then((m) => { m.register(${JSON.stringify(hooks)}); return import(${JSON.stringify(entry)}); })`;
  const queue: { batch: EncodedBatch; worker: Worker }[] = [];
  let wakeConsumer: (() => void) | null = null;
  let running = opts.workers;
  let failure: unknown = null;
  const workers = Array.from({ length: opts.workers }, (_, k) => {
    const input: WorkerInput = { options: opts.history, batchSize: opts.batchSize, first: k, stride: opts.workers, credit: 3 };
    const worker = new Worker(boot, { eval: true, workerData: input });
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'done') running--;
      else {
        totals.simulateMs += m.simulateMs;
        totals.encodeMs += m.encodeMs;
        queue.push({ batch: m.batch, worker });
      }
      wakeConsumer?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wakeConsumer?.();
    });
    return worker;
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) {
        await writer.write(next.batch);
        next.worker.postMessage('credit');
        totals.cases += next.batch.cases;
        totals.events += next.batch.events;
        totals.refused += next.batch.refused;
        opts.onProgress(totals);
        continue;
      }
      if (running === 0) break;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
      wakeConsumer = null;
    }
    await writer.flush();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await writer.close().catch(() => undefined);
  }
  return { ...totals, loadMs: performance.now() - started };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
