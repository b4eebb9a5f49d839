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
}

let currentToken: string | null = null;
/** The token of the session, for the event stream (EventSource cannot send headers). */
export const currentTokenValue = () => currentToken;
/** Set by the session; every call carries it. */
export function setToken(token: string | null): void {
  currentToken = token;
}

/** Why a signed-in person's token stopped working: their account disabled, signed out elsewhere, or just ended. */
export type SessionEnd = 'disabled' | 'signedOut' | 'expired';
let onSessionEnd: ((why: SessionEnd) => void) | null = null;
/** Set by the app: a 401 to a signed-in call drops to the sign-in page saying why. */
export function setOnSessionEnd(handler: ((why: SessionEnd) => void) | null): void {
  onSessionEnd = handler;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as Idempotency-Key: a retried POST then runs once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** One call to the API; a problem+json answer becomes an ApiError. */
export async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, opts: CallOptions = {}): Promise<T> {
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
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON (a proxy's error page): the status alone says it.
    json = undefined;
  }
  if (!response.ok) {
    const problem = (json as Problem | undefined) ?? null;
    // The session's own calls (sign in, refresh) and the residents' pages answer 401 for other reasons.
    if (response.status === 401 && headers.authorization && !path.startsWith('/v1/session') && !path.startsWith('/public/')) {
      const detail = problem?.detail ?? '';
      onSessionEnd?.(/disabled/i.test(detail) ? 'disabled' : /signed out/i.test(detail) ? 'signedOut' : 'expired');
    }
    throw new ApiError(response.status, problem);
  }
  return json as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, { signal });
export const post = <T>(path: string, body: unknown, idempotencyKey?: string) => call<T>('POST', path, { body, idempotencyKey });

/** A query string from defined values. */
export function qs(params: Record<string, string | number | boolean | undefined | readonly string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else if (v !== undefined) p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * A file the API answers (an export): fetched with the Authorization header, which a plain link
 * cannot send, and handed to the browser as a download under the name the API gives it.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = {};
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  let response: Response;
  try {
    response = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const text = await response.text();
    let problem: Problem | null = null;
    try {
      problem = text ? (JSON.parse(text) as Problem) : null;
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const fileName = name ? decodeURIComponent(name) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}

/** A file sent as multipart/form-data (attachments): the browser sets the boundary. */
export async function upload<T>(path: string, form: FormData, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: form });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, (json as Problem | undefined) ?? null);
  return json as T;
}
