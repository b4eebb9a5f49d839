import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../app';
import { InstantOrDate } from '../query-schemas';
import { invalidFields, Problem } from '../problem';
import { metricsSummary } from '../queries/metrics-summary';

const DAY_MS = 86_400_000;
const rate = z.number().nullable();

const Summary = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  acceptedOnTime: z.number().int(),
  contacted: z.number().int(),
  contactedOnTime: z.number().int(),
  resolved: z.number().int(),
  resolvedOnTime: z.number().int(),
  satisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  unsatisfied: z.number().int(),
  reopened: z.number().int(),
  overdue: z.number().int(),
  backlog: z.number().int(),
  escalationsByLevel: z.record(z.string(), z.number().int()),
  visits: z.number().int(),
  rates: z.object({ response: rate, contact: rate, resolution: rate, onTimeResolution: rate, satisfaction: rate, reopen: rate }),
  timeToResolveMs: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
});

const SummaryResponse = z
  .object({
    groupBy: z.enum(['department', 'street']),
    from: z.string(),
    to: z.string(),
    total: Summary,
    groups: z.array(Summary.extend({ key: z.string().nullable().describe('department or street id; null for cases not yet assigned'), name: z.string().nullable() })),
  })
  .meta({ id: 'MetricsSummary' });

/** Supervisors' figures per department or street over a period (cases received in it). */
export const metricsRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db, directory }) => {
  app.get(
    '/metrics/summary',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['metrics'],
        summary: 'rates and counts per department or street for cases received in a period',
        security: [{ bearerAuth: [] }],
        querystring: z.object({
          groupBy: z.enum(['department', 'street']).default('department'),
          from: InstantOrDate.optional().describe('start of the period (default: 30 days before `to`)'),
          to: InstantOrDate.optional().describe('end of the period, exclusive (default: now)'),
        }),
        response: { 200: SummaryResponse, 400: Problem, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (request) => {
      const now = Date.now();
      const to = request.query.to ? new Date(request.query.to) : new Date(now);
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw invalidFields([{ path: 'from', in: 'querystring', message: 'must be before to' }]);
      const result = await metricsSummary(db, directory, request.principal, { groupBy: request.query.groupBy, from, to, now });
      return { groupBy: request.query.groupBy, from: from.toISOString(), to: to.toISOString(), ...result };
    },
  );
};
