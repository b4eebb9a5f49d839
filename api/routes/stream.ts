import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identifier } from '../../schema/text';
import type { ApiContext } from '../app';
import type { CaseFeed } from '../live/case-feed';
import { streamNotifications } from '../live/notification-feed';
import { Problem } from '../problem';
import { inScope } from '../scope';

const HEARTBEAT_MS = 15_000;
/** How soon a browser should come back after the stream drops (EventSource's `retry`). */
const RETRY_MS = 3_000;

/**
 * Server-Sent Events of changes to the cases in the caller's scope: `event: case` with the case's
 * id, number, status, version and time. A page refreshes what it shows on them instead of polling.
 */
export const streamRoutes: FastifyPluginAsyncZod<ApiContext & { feed: CaseFeed }> = async (app, ctx) => {
  app.get(
    '/events/stream',
    {
      config: { roles: ['street', 'department', 'supervisor'], queryToken: true },
      schema: {
        tags: ['cases'],
        summary: 'changes to cases in your scope, as Server-Sent Events (text/event-stream)',
        description: 'A browser\'s EventSource cannot send headers: it may pass its token as access_token instead.',
        security: [{ bearerAuth: [] }],
        querystring: z.object({ access_token: identifier(4000).optional().describe('the bearer token, for EventSource') }),
        response: {
          200: { description: 'an endless stream of events', content: { 'text/event-stream': { schema: z.string() } } },
          401: Problem,
          403: Problem,
        },
      },
    },
    (request, reply) => {
      const who = request.principal;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      out.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      const unsubscribe = ctx.feed.subscribe((changes) => {
        for (const c of changes) {
          if (!inScope(ctx.directory, who, c)) continue;
          const data = { caseId: c.caseId, number: c.number, status: c.status, version: c.version, updatedAt: c.updatedAt.toISOString() };
          out.write(`event: case\nid: ${c.caseId}:${c.version}\ndata: ${JSON.stringify(data)}\n\n`);
        }
      });
      const stopNotifications = streamNotifications(ctx.db, who, (chunk) => out.write(chunk));
      // Proxies close a connection that says nothing for a minute.
      const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        stopNotifications();
      };
      request.raw.on('close', close);
      app.addHook('onClose', async () => {
        close();
        out.end();
      });
    },
  );
};
