import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

/**
 * The per-token request limit of an API surface: `keyOf` names who is asking (a token's person,
 * or the token itself), else the address is the key.
 */
export function rateLimitOptions(limit: { max: number; timeWindowMs: number } | undefined, keyOf: (request: FastifyRequest) => string | undefined): RateLimitPluginOptions {
  return {
    max: limit?.max ?? 600,
    timeWindow: limit?.timeWindowMs ?? 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => keyOf(request) ?? `ip:${request.ip}`,
    // The plugin throws what this returns; the error handler renders it (it also sets Retry-After).
    errorResponseBuilder: (_request, context) => new HttpProblem(429, 'rate-limited', `more than ${context.max} requests for this token; retry in ${context.after}`),
  };
}
