import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../schema/actor';
import { Rating } from '../../schema/commands';
import { identifier, text } from '../../schema/text';
import { caseIdByTrackingCode, normalTrackingCode, TRACKING_CODE } from '../../store/case-numbers';
import type { ApiContext } from '../app';
import { EXPORT_LANGUAGES } from '../exports/labels';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { HttpProblem, Problem } from '../problem';
import { publicCaseStatus } from '../public/case-status';
import { rateLimitOptions } from '../rate-limit';

const Params = z.object({ trackingCode: identifier(40).describe('as given at submission, e.g. K7M2-QX9P-4TRB (any case, dashes optional)') });
const PublicStatus = z
  .object({
    number: z.string().nullable(),
    status: z.string(),
    statusText: z.string(),
    category: z.string().nullable(),
    department: z.string().nullable(),
    nextStep: z.string(),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    canRate: z.boolean(),
    timeline: z.array(z.object({ at: z.iso.datetime({ offset: true }), what: z.string() })),
  })
  .meta({ id: 'PublicCaseStatus' });
const errors = { 400: Problem, 404: Problem, 409: Problem, 429: Problem, 503: Problem };
const DEFAULT_LIMIT = { max: 30, timeWindowMs: 60_000 };

/**
 * What a resident can do with a tracking code and no account (CONTRACT.md "Residents"): follow
 * the case, and rate its result once. Limited per address: codes cannot be guessed at speed.
 */
export const publicCaseRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  await app.register(fastifyRateLimit, rateLimitOptions(ctx.publicRateLimit ?? DEFAULT_LIMIT, () => undefined));

  // The same work whether or not the code exists: a lookup by an indexed column, then 404.
  const caseOf = async (typed: string, ip: string) => {
    const code = normalTrackingCode(typed);
    const caseId = TRACKING_CODE.test(code) ? await caseIdByTrackingCode(ctx.db, code) : undefined;
    const state = caseId ? await ctx.service.get(caseId) : undefined;
    if (!state) {
      app.log.warn({ ip, code: typed.slice(0, 40) }, 'unknown tracking code asked for');
      throw new HttpProblem(404, 'tracking-code-not-found', 'no case has this tracking code; check it against the one you were given');
    }
    return state;
  };

  app.get(
    '/cases/:trackingCode',
    {
      schema: {
        tags: ['residents'],
        summary: 'a case\'s status by its tracking code, for the resident (no login; nothing personal)',
        params: Params,
        querystring: z.object({ lang: z.enum(EXPORT_LANGUAGES).default('zh') }),
        response: { 200: PublicStatus, ...errors },
      },
    },
    async (request, reply) => {
      const state = await caseOf(request.params.trackingCode, request.ip);
      const events = (await ctx.service.events(state.caseId)).map((e) => e.event);
      reply.header('cache-control', 'no-store');
      return publicCaseStatus(state, events, ctx.directory, request.query.lang);
    },
  );

  app.post(
    '/cases/:trackingCode/feedback',
    {
      schema: {
        tags: ['residents'],
        summary: 'the resident rates the result of a resolved case, once per resolution',
        params: Params,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
        querystring: z.object({ lang: z.enum(EXPORT_LANGUAGES).default('zh') }),
        body: z.object({ rating: Rating, comment: text(2000).optional() }),
        response: { 200: PublicStatus, ...errors },
      },
    },
    async (request) => {
      const state = await caseOf(request.params.trackingCode, request.ip);
      if (state.status !== 'resolved') {
        throw new HttpProblem(409, 'not-awaiting-rating', `the case is ${state.status}, not waiting for your rating; you can rate it once it is reported resolved`, { caseStatus: state.status, code: 'invalid_state' });
      }
      const resident: Actor = { sub: 'resident', role: 'resident', org: state.report!.location.jurisdictionId };
      const rate = async () => {
        // One rating per resolution: a second post of the same moment is the same Update.
        const after = await ctx.service.act(state.caseId, 'feedback', resident, request.body, `resident-feedback-${state.caseId}-${state.reopenCount}`);
        const events = (await ctx.service.events(after.caseId)).map((e) => e.event);
        return { statusCode: 200, body: publicCaseStatus(after, events, ctx.directory, request.query.lang) };
      };
      const key = request.headers['idempotency-key'];
      const result = key ? await idempotent(ctx.db, { scope: `resident:${state.caseId}`, key, fingerprint: ['POST /public/v1/feedback', request.body] }, rate) : await rate();
      return result.body as z.infer<typeof PublicStatus>;
    },
  );
};
