import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../app';
import { Problem } from '../problem';
import { listTasks } from '../queries/list-cases';
import { CaseView, toCaseView } from '../views';

/** A department's work list. */
export const taskRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db }) => {
  app.get(
    '/tasks',
    {
      config: { roles: ['department'] },
      schema: {
        tags: ['cases'],
        summary: 'your department\'s open assignments, most urgent deadline first',
        security: [{ bearerAuth: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(CaseView) }), 400: Problem, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (request) => ({ items: (await listTasks(db, request.principal.org, request.query.limit)).map((s) => toCaseView(s, request.principal)) }),
  );
};
