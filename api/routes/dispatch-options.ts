import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { route } from '../../domain/routing';
import type { ApiContext } from '../app';
import { caseInScope } from '../case-access';
import { Problem } from '../problem';
import { identifier } from '../../schema/text';

const DispatchOptions = z
  .object({
    items: z.array(
      z.object({
        categoryId: z.string(),
        score: z.number(),
        departmentId: z.string().nullable().describe('where the routing table would send the case for this category; null: no rule'),
        rule: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DispatchOptions' });

/**
 * The classifier's suggestions for a case awaiting dispatch, each with the department the routing
 * table picks for it, so that a dispatcher can dispatch with one click (the console's use).
 */
export const dispatchOptionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db, directory }) => {
  app.get(
    '/cases/:id/dispatch-options',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['cases'],
        summary: 'the classifier\'s suggestions for a case, each routed to a department',
        security: [{ bearerAuth: [] }],
        params: z.object({ id: identifier() }),
        response: { 200: DispatchOptions, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem },
      },
    },
    async (request) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      const jurisdictionId = state.report!.location.jurisdictionId;
      return {
        items: state.suggestions.map((s) => {
          const r = route(directory, s.categoryId, jurisdictionId, state.returnedBy);
          return { categoryId: s.categoryId, score: s.score, departmentId: r.departmentId, rule: r.rule };
        }),
      };
    },
  );
};
