import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/** One change to a case in the caller's scope, as the API's event stream sends it. */
export interface CaseChange {
  caseId: string;
  status: string;
  version: number;
  updatedAt: string;
}

export type StreamState = 'connecting' | 'open' | 'down';

/** While the stream is down, pages fall back to polling this slowly. */
export const FALLBACK_POLL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

interface Live {
  state: StreamState;
  /** Events received since sign-in. */
  received: number;
  /** Notifications pushed since sign-in: a bell reloads when it changes. */
  notified: number;
  subscribe(listener: (change: CaseChange | null) => void): () => void;
}

const Ctx = createContext<Live | null>(null);

/**
 * The API's Server-Sent Events (`GET /v1/events/stream`), one connection per signed-in tab. The
 * token goes in the query: EventSource cannot send headers. Reconnects with a growing pause when
 * the connection drops; listeners get `null` after a reconnect (changes may have been missed).
 */
export function LiveProvider({ token, children }: { token: string; children: ReactNode }) {
  const [state, setState] = useState<StreamState>('connecting');
  const [received, setReceived] = useState(0);
  const [notified, setNotified] = useState(0);
  const listeners = useRef(new Set<(change: CaseChange | null) => void>());

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('down');
      return;
    }
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let backoff = 2_000;
    let everOpen = false;
    let stopped = false;
    const emit = (change: CaseChange | null) => {
      for (const l of listeners.current) l(change);
    };
    const connect = () => {
      if (stopped) return;
      setState('connecting');
      source = new EventSource(`/v1/events/stream?access_token=${encodeURIComponent(token)}`);
      source.onopen = () => {
        backoff = 2_000;
        setState('open');
        // Back after a drop: what changed meanwhile is unknown, so every page reloads once.
        if (everOpen) emit(null);
        everOpen = true;
      };
      source.addEventListener('case', (e) => {
        try {
          const change = JSON.parse((e as MessageEvent<string>).data) as CaseChange;
          setReceived((n) => n + 1);
          emit(change);
        } catch {
          // Not a case change: nothing to do.
        }
      });
      source.addEventListener('notification', () => setNotified((n) => n + 1));
      source.onerror = () => {
        setState('down');
        // The browser retries by itself unless the answer was not a stream (404, 401…): then we do.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          timer = setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [token]);

  const subscribe = useCallback((listener: (change: CaseChange | null) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo(() => ({ state, received, notified, subscribe }), [state, received, notified, subscribe]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLive(): Live {
  const value = useContext(Ctx);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

export interface LiveData<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Load now, e.g. right after an action. */
  refresh(): void;
  /** Show this at once (an action's answer) until the next load. */
  replace(update: (data: T) => T): void;
  /** When the data was last loaded. */
  at: number | undefined;
}

/**
 * Data loaded once and again whenever the stream reports a change it cares about (`matters`;
 * every change by default), a few at once taken together. While the stream is down it polls
 * slowly instead. A failed load keeps the last data and reports the error.
 */
export function useLiveData<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  matters: (change: CaseChange) => boolean = () => true,
  /** At most one reload per this many ms however busy the city is (a dashboard's figures). */
  minIntervalMs = 0,
): LiveData<T> {
  const live = useLive();
  const [state, setState] = useState<{ data?: T; error?: Error; at?: number }>({});
  const loadRef = useRef(load);
  loadRef.current = load;
  const mattersRef = useRef(matters);
  mattersRef.current = matters;
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const atRef = useRef<number | undefined>(undefined);
  atRef.current = state.at;

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, at: Date.now() }),
      (error: Error) => !controller.signal.aborted && error.name !== 'AbortError' && setState((s) => ({ ...s, error })),
    );
    return () => controller.abort();
  }, [...deps, tick]);

  // Changes pushed by the stream: reload once per burst.
  const { subscribe } = live;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe((change) => {
      if (change && !mattersRef.current(change)) return;
      if (timer !== undefined) return; // a reload is already on its way
      const since = Date.now() - (atRef.current ?? 0);
      timer = setTimeout(() => {
        timer = undefined;
        refresh();
      }, Math.max(250, minIntervalMs - since));
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [subscribe, refresh, minIntervalMs]);

  // The stream is down: a slow poll keeps the page roughly current until it is back.
  useEffect(() => {
    if (live.state !== 'down') return;
    const timer = setInterval(refresh, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [live.state, refresh]);

  const replace = useCallback((update: (data: T) => T) => setState((s) => (s.data === undefined ? s : { ...s, data: update(s.data) })), []);
  return { data: state.data, error: state.error, refresh, replace, at: state.at };
}
