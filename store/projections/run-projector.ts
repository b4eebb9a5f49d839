import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import { projectBatch, type AsyncProjection, type LoggedEvent } from './projector';

export interface ProjectorOptions {
  /** How long to wait when the log has nothing new. */
  pollMs?: number;
  batchSize?: number;
  onBatch?: (events: readonly LoggedEvent[], projectedAt: Date) => void;
  onError?: (error: unknown) => void;
}

export interface RunningProjector {
  stop(): Promise<void>;
}

/** Keeps a projection following the log until stopped; a failed batch is retried after a pause. */
export function startProjector(db: Kysely<Database>, projection: AsyncProjection, opts: ProjectorOptions = {}): RunningProjector {
  const pollMs = opts.pollMs ?? 200;
  const batchSize = opts.batchSize ?? 1000;
  const controller = new AbortController();
  const loop = (async () => {
    while (!controller.signal.aborted) {
      let wait = pollMs;
      try {
        const batch = await projectBatch(db, projection, batchSize);
        if (batch.events.length > 0) opts.onBatch?.(batch.events, new Date());
        // A full batch means more is waiting: go on at once.
        if (batch.events.length === batchSize) wait = 0;
      } catch (error) {
        opts.onError?.(error);
        wait = Math.max(pollMs, 1000);
      }
      if (wait > 0) await sleep(wait, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}

/** Projects until nothing is left that is safe to read (waiting while another instance holds the lock). */
export async function projectUntilCaughtUp(db: Kysely<Database>, projection: AsyncProjection, batchSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await projectBatch(db, projection, batchSize);
    total += batch.events.length;
    if (batch.ran && batch.events.length === 0) return total;
    if (!batch.ran) await sleep(20);
  }
}
