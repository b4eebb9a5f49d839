import { sleep } from './wait';

/** One try of a request: its answer's status, or none when the connection failed or timed out. */
export interface Attempt {
  step: string;
  sentAt: number;
  answeredAt: number;
  status: number | null;
  /** A second or later try with the same Idempotency-Key. */
  retry: boolean;
  error?: string;
  /** The problem's detail for a 4xx or 5xx. */
  detail?: string;
}

export interface Answer<T> {
  status: number;
  body: T;
  tries: number;
}

export interface RetryOptions {
  /** One try's time limit. */
  timeoutMs: number;
  /** Past this the request is given up, and that is a failure. */
  giveUpMs: number;
  record: (a: Attempt) => void;
}

/** An answer that will not change by asking again: anything but 5xx, 429, 408 or no answer at all. */
const definitive = (status: number) => status < 500 && status !== 429 && status !== 408;

/**
 * A client as the README asks one to be: a POST carries an Idempotency-Key and is sent again
 * with the same key after a 5xx, a 429 or a lost connection, with backoff (and Retry-After, up
 * to 2 s), until the answer is definitive.
 */
export function retryingClient(baseUrl: string, opts: RetryOptions) {
  return async function send<T>(step: string, method: 'GET' | 'POST', path: string, token: string, key?: string, body?: unknown): Promise<Answer<T>> {
    const started = Date.now();
    for (let tries = 1; ; tries++) {
      const sentAt = Date.now();
      let status: number | null = null;
      let json: unknown;
      let error: string | undefined;
      let retryAfterMs = 0;
      try {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        status = response.status;
        retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
        json = await response.json().catch(() => undefined);
      } catch (e) {
        error = (e as Error).cause ? `${(e as Error).message}: ${((e as Error).cause as Error).message}` : (e as Error).message;
      }
      const detail = status !== null && status >= 400 ? ((json as { detail?: string } | undefined)?.detail ?? '') : undefined;
      opts.record({ step, sentAt, answeredAt: Date.now(), status, retry: tries > 1, ...(error ? { error } : {}), ...(detail !== undefined ? { detail } : {}) });
      if (status !== null && definitive(status)) return { status, body: json as T, tries };
      if (Date.now() - started > opts.giveUpMs) {
        throw new Error(`${method} ${path}: no definitive answer after ${Math.round((Date.now() - started) / 1000)} s and ${tries} tries (last: ${status ?? error})`);
      }
      const backoff = Math.min(2000, 200 * 2 ** Math.min(tries - 1, 4));
      await sleep(Math.min(2000, Math.max(backoff, retryAfterMs)) * (0.75 + Math.random() / 2));
    }
  };
}

export type Send = ReturnType<typeof retryingClient>;
