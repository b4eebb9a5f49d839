import { percentile } from '../domain/case-metrics';

export interface LoadResult {
  concurrency: number;
  seconds: number;
  done: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

/** `concurrency` callers each calling `call` back to back for `seconds`: a closed loop. */
export async function closedLoop(concurrency: number, seconds: number, call: (i: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await call(n++);
          latencies.push(performance.now() - t);
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    seconds: Math.round(elapsed * 10) / 10,
    done: latencies.length,
    failed,
    perSecond: Math.round((latencies.length / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50) ?? 0),
    p99Ms: Math.round(percentile(latencies, 99) ?? 0),
    ...(firstError ? { firstError } : {}),
  };
}

/** Rising concurrency until the rate grows by less than 5 %: the machine's plateau. */
export async function untilPlateau(levels: number[], seconds: number, call: (i: number) => Promise<unknown>, onLevel: (r: LoadResult) => void): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const c of levels) {
    const r = await closedLoop(c, seconds, call);
    results.push(r);
    onLevel(r);
    const previous = results.at(-2);
    if (previous && r.perSecond < previous.perSecond * 1.05) break;
  }
  return results;
}
