import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * The API's connection to Temporal. Lazy, so the API comes up while Temporal is still starting
 * (/readyz tells when it answers), and with fewer retries than the SDK's default (about 20 s),
 * so that a request during an outage gets its 503 within a few seconds; the client retries.
 */
export function apiTemporalConnection(address: string, connectTimeoutMs = 3_000): Connection {
  return Connection.lazy({
    address,
    connectTimeout: connectTimeoutMs,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))],
  });
}
