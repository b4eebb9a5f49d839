import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiContext } from '../app';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '../problem';

const CHECK_TIMEOUT_MS = 2_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics: a scraper with METRICS_TOKEN when one is set, else only this machine
 * (the socket's own address: X-Forwarded-For is a client's word and is not asked).
 */
function mayScrape(authorization: string | undefined, remoteAddress: string | undefined, token: string | undefined): boolean {
  if (token) return authorization === `Bearer ${token}`;
  return remoteAddress !== undefined && LOOPBACK.has(remoteAddress);
}
const Check = z.enum(['ok', 'unreachable']);

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

/** Probes for orchestrators, and the Prometheus scrape endpoint. */
export const healthRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'the process is up', response: { 200: z.object({ status: z.literal('ok') }) } } }, () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Temporal and the database are reachable',
        response: { 200: z.object({ temporal: Check, database: Check }), 503: z.object({ temporal: Check, database: Check }) },
      },
    },
    async (_request, reply) => {
      const [temporal, database] = await Promise.all([
        withTimeout(ctx.client.workflowService.getSystemInfo({})).then(() => 'ok' as const, () => 'unreachable' as const),
        withTimeout(sql`select 1`.execute(ctx.db)).then(() => 'ok' as const, () => 'unreachable' as const),
      ]);
      const ready = temporal === 'ok' && database === 'ok';
      if (!ready) reply.header('retry-after', '5');
      return reply.code(ready ? 200 : 503).send({ temporal, database });
    },
  );

  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: true } }, async (request, reply) => {
    if (!mayScrape(request.headers.authorization, request.socket.remoteAddress, ctx.metricsToken)) {
      // As if absent: the public need not learn that the process exports metrics.
      return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(new HttpProblem(404, 'not-found', 'no route GET /metrics').toProblem(request.url));
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
};
