import { createCaseService } from '../api/case-service';
import type { Actor } from '../schema/actor';
import type { CasePolicy } from '../schema/policy';
import type { Directory } from '../schema/directory';
import type { Logger } from '../worker/logger';
import { BENCH_REPORT } from './case-actor';
import { CASE_QUEUE, type Stack } from './stack';

export interface SeedResult {
  seeded: number;
  /** Stopped at BENCH_SEED_MAX_SECONDS before reaching the target. */
  cutShort: boolean;
  failed: number;
  seconds: number;
  perSecond: number;
  firstError?: string;
}

/**
 * Brings the number of open cases up to `target` through the engine's own submission path (the
 * case service the API calls: update-with-start of the case workflow, which records, classifies
 * and routes each case with its real activities), without HTTP in between, so 100,000 cases take
 * minutes rather than the hour the API's rate would. Each case then waits on its accept timer.
 */
export async function seedOpenCases(stack: Stack, deps: { policy: CasePolicy; directory: Directory }, from: number, target: number, concurrency: number, maxSeconds: number, log: Logger): Promise<SeedResult> {
  const service = createCaseService({ client: stack.client, db: stack.db.db, taskQueue: CASE_QUEUE, ...deps });
  const actor: Actor = { sub: 'bench.street', role: 'street', org: 'liyang' };
  let next = from;
  let seeded = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  // A stage that would outrun the time it was given stops there and says how far it got.
  const until = started + maxSeconds * 1000;
  let lastSeeded = 0;
  let lastAt = started;
  // Progress every 10 s: a 100,000-case seed runs for many minutes.
  const progress = setInterval(() => {
    const now = performance.now();
    const rate = ((seeded - lastSeeded) * 1000) / (now - lastAt);
    lastSeeded = seeded;
    lastAt = now;
    const left = target - from - seeded - failed;
    log.info({ open: from + seeded, target, failed, perSecond: Math.round(rate * 10) / 10, etaSeconds: rate > 0 ? Math.round(left / rate) : null }, 'seeding open cases');
  }, 10_000);
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < target && performance.now() < until) {
          next++;
          try {
            await service.submit(BENCH_REPORT, actor);
            seeded++;
          } catch (error) {
            failed++;
            firstError ??= (error as Error).message;
            // A failure is counted, not retried: the stage reports how many cases are really open.
          }
        }
      }),
    );
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seeded, cutShort: from + seeded + failed < target, failed, seconds: Math.round(seconds), perSecond: Math.round((seeded / Math.max(seconds, 0.001)) * 10) / 10, ...(firstError ? { firstError } : {}) };
}
