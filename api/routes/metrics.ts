import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATE_NAMES } from '../../domain/case-metrics';
import { rank } from '../../domain/ranking';
import type { ApiContext } from '../app';
import { invalidFields, Problem } from '../problem';
import { metricsSummary } from '../queries/metrics-summary';
import { InstantOrDate } from '../query-schemas';

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
  overdue: z.number().int().describe('open cases with a missed deadline'),
  backlog: z.number().int().describe('open cases past their backlog limit now'),
  escalationsByLevel: z.record(z.string(), z.number().int()),
  visits: z.number().int(),
  rates: z.object({ response: rate, contact: rate, resolution: rate, onTimeResolution: rate, satisfaction: rate, reopen: rate }),
  timeToResolveMs: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
});

const GroupKey = z.string().nullable().describe('department or street id, or the day (YYYY-MM-DD in the city\'s time zone); null for cases not yet assigned');
const SummaryResponse = z
  .object({
    groupBy: z.enum(['department', 'street', 'day']),
    from: z.string(),
    to: z.string(),
    total: Summary,
    groups: z.array(Summary.extend({ key: GroupKey, name: z.string().nullable() })),
  })
  .meta({ id: 'MetricsSummary' });

const RatedFraction = z.object({ numerator: z.number().int(), denominator: z.number().int(), value: rate });
const RankingResponse = z
  .object({
    groupBy: z.enum(['department', 'street']),
    sortBy: z.enum(['composite', ...RATE_NAMES]),
    weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }),
    from: z.string(),
    to: z.string(),
    items: z.array(
      z.object({
        rank: z.number().int(),
        key: GroupKey,
        name: z.string().nullable(),
        received: z.number().int(),
        composite: rate,
        rates: z.object(Object.fromEntries(RATE_NAMES.map((n) => [n, RatedFraction])) as Record<(typeof RATE_NAMES)[number], typeof RatedFraction>),
      }),
    ),
  })
  .meta({ id: 'MetricsRanking' });

const Period = {
  from: InstantOrDate.optional().describe('start of the period (default: 30 days before `to`)'),
  to: InstantOrDate.optional().describe('end of the period, exclusive (default: now)'),
};

function period(query: { from?: string; to?: string }, now: number): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date(now);
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw invalidFields([{ path: 'from', in: 'querystring', message: 'must be before to' }]);
  return { from, to };
}

/** Supervisors' figures over a period (cases received in it), from the projected case metrics. */
export const metricsRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db, directory }) => {
  app.get(
    '/metrics/summary',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['metrics'],
        summary: 'rates and counts per department, street or day for cases received in a period',
        security: [{ bearerAuth: [] }],
        querystring: z.object({ groupBy: z.enum(['department', 'street', 'day']).default('department'), ...Period }),
        response: { 200: SummaryResponse, 400: Problem, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (request) => {
      const now = Date.now();
      const { from, to } = period(request.query, now);
      const result = await metricsSummary(db, directory, request.principal, { groupBy: request.query.groupBy, from, to, now: new Date(now) });
      return { groupBy: request.query.groupBy, from: from.toISOString(), to: to.toISOString(), ...result };
    },
  );

  app.get(
    '/metrics/ranking',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags: ['metrics'],
        summary: 'departments or streets ranked on response, resolution and satisfaction, with each rate\'s numerator and denominator',
        security: [{ bearerAuth: [] }],
        querystring: z.object({
          groupBy: z.enum(['department', 'street']).default('department'),
          sortBy: z.enum(['composite', ...RATE_NAMES]).default('composite').describe('composite: the weighted mean of the response, resolution and satisfaction rates (weights from the directory)'),
          ...Period,
        }),
        response: { 200: RankingResponse, 400: Problem, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (request) => {
      const now = Date.now();
      const { from, to } = period(request.query, now);
      const { groups } = await metricsSummary(db, directory, request.principal, { groupBy: request.query.groupBy, from, to, now: new Date(now) });
      // Cases nobody has been assigned yet are not a department's record.
      const ranked = rank(groups.filter((g) => g.key !== null), request.query.sortBy, directory.ranking.weights);
      return { groupBy: request.query.groupBy, sortBy: request.query.sortBy, weights: directory.ranking.weights, from: from.toISOString(), to: to.toISOString(), items: ranked };
    },
  );
};
