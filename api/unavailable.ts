import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
/** Socket errors and PostgreSQL's connection and shutdown classes (08, 57P). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);
const PG_UNAVAILABLE = /^(08\d{3}|57P0[1-3]|53300)$/;

/**
 * Which backend a failure shows to be unreachable, if any. Such requests get 503 and are safe
 * to retry: a submission's case id and an action's update id derive from the Idempotency-Key.
 */
export function unavailableBackend(error: unknown): 'temporal' | 'database' | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
    const code = (e as { code?: unknown }).code;
    if (e instanceof ServiceError || (e as { metadata?: unknown }).metadata !== undefined) {
      if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return 'temporal';
      if (e instanceof ServiceError && /unavailable|deadline|connect/i.test(e.message)) return 'temporal';
    }
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code))) return 'database';
    if (e instanceof Error && /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable/i.test(e.message)) return 'database';
  }
  return undefined;
}
