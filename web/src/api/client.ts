import type { Problem } from './types';

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** Field messages keyed by the first segment of their path (`location.jurisdictionId` → both keys). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      out[e.path] ??= e.message;
      const head = e.path.split('.')[0] ?? e.path;
      out[head] ??= e.message;
    }
    return out;
  }
}

let currentToken: string | null = null;
/** Set by the session; every call carries it. */
export function setToken(token: string | null): void {
  currentToken = token;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as Idempotency-Key: a retried POST then runs once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** One call to the API; a problem+json answer becomes an ApiError. */
export async function call<T>(method: 'GET' | 'POST', path: string, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new ApiError(response.status, (json as Problem | undefined) ?? null);
  return json as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, { signal });
export const post = <T>(path: string, body: unknown, idempotencyKey?: string) => call<T>('POST', path, { body, idempotencyKey });

/** A query string from defined values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
