import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiContext } from '../app';

const CHECK_TIMEOUT_MS = 2_000;
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

  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: true } }, async (_request, reply) =>
    reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  );
};
