import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../schema/database';
import { caseChangesAfter, logHead, type CaseChange, type LogPosition } from '../../store/case-changes';

export type ChangeListener = (changes: CaseChange[]) => void;

export interface CaseFeed {
  /** Hears every batch of changed cases from now on; returns how to stop hearing. */
  subscribe(listener: ChangeListener): () => void;
  stop(): Promise<void>;
}

/**
 * One reader of the log per API process, whatever the number of open pages: it polls only while
 * someone listens, and a batch is fanned out to all of them. Polling the log rather than LISTEN
 * keeps no dedicated connection to lose in a database restart, and works on PGlite alike.
 */
export function startCaseFeed(db: Kysely<Database>, opts: { pollMs?: number; onError?: (error: unknown) => void } = {}): CaseFeed {
  const pollMs = opts.pollMs ?? 500;
  const listeners = new Set<ChangeListener>();
  const controller = new AbortController();
  let position: LogPosition | null = null;
  let running: Promise<void> | null = null;

  const loop = async () => {
    while (listeners.size > 0 && !controller.signal.aborted) {
      try {
        if (position === null) position = await logHead(db);
        const batch = await caseChangesAfter(db, position);
        position = batch.position;
        if (batch.changes.length > 0) for (const l of listeners) l(batch.changes);
      } catch (error) {
        // The database is away: keep the place and try again; the pages keep their streams.
        opts.onError?.(error);
      }
      await sleep(pollMs, undefined, { signal: controller.signal }).catch(() => undefined);
    }
    // Nobody listens: the next listener starts from the head again, not from a stale place.
    position = null;
    running = null;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      running ??= loop();
      return () => listeners.delete(listener);
    },
    async stop() {
      controller.abort();
      listeners.clear();
      await running;
    },
  };
}
