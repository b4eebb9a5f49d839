import { percentile } from '../../domain/case-metrics';

export interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  /** What the last call returned, for the table (items on the page, groups, …). */
  note: string;
}

const round = (v: number | null) => Math.round((v ?? 0) * 10) / 10;

/**
 * Times a call one request at a time after a warm-up, so the figures are the latency of one
 * query on a warm cache, not the throughput of many.
 */
export async function measure(name: string, call: () => Promise<string>, runs = 200, warmup = 20): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await call();
  const ms: number[] = [];
  let note = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    note = await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { name, runs, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)), note };
}
