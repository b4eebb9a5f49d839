import { carryCase, type CaseOutcome, type Tokens } from './case-loop';
import type { Attempt, Send } from './retrying-request';

export interface LoadState {
  started: number;
  outcomes: CaseOutcome[];
  attempts: Attempt[];
  /** Epoch ms when the last client finished its last case. */
  endedAt?: number;
}

/**
 * `clients` clients, each carrying one case after another round the loop, for as long as
 * `keepGoing()` says; a client in the middle of a case finishes it.
 */
export async function steadyLoad(opts: { clients: number; runId: string; send: Send; tokens: Tokens; state: LoadState; keepGoing: () => boolean }): Promise<void> {
  const { state } = opts;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      for (let n = 0; opts.keepGoing(); n++) {
        state.started++;
        state.outcomes.push(await carryCase(opts.send, opts.tokens, `${opts.runId}-c${client}-n${n}`));
      }
    }),
  );
  state.endedAt = Date.now();
}
