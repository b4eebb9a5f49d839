import { useCallback, useEffect, useRef, useState } from 'react';

/** How often pages refresh: live enough for a supervisor, light on the API. */
export const POLL_MS = 3_000;

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Fetch now, e.g. right after an action. */
  refresh(): void;
  at: number | undefined;
}

/**
 * Polls `load` every POLL_MS while the page is shown (live updates without reloading). A failed
 * poll keeps the last data and reports the error; the next poll tries again.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], every = POLL_MS): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; at?: number }>({});
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const data = await loadRef.current(controller.signal);
        if (!controller.signal.aborted) setState({ data, at: Date.now() });
      } catch (error) {
        if (!controller.signal.aborted) setState((s) => ({ ...s, error: error as Error }));
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void run(), every);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick, every]);
  return { data: state.data, error: state.error, refresh, at: state.at };
}
