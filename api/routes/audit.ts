import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anchorDay, verifyLog } from '../../store/verify-log';
import type { ApiContext } from '../app';
import { Problem } from '../problem';

const security = [{ bearerAuth: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 503: Problem };
const BadEvent = z.object({ caseId: z.string(), seq: z.number().int(), position: z.number().int(), problem: z.enum(['edited', 'missing_before', 'reordered', 'unchained']) });
const Day = z.iso.date().describe('a day in the city\'s time zone, YYYY-MM-DD');

/** The tamper evidence of the event log, for administrators and outside witnesses. */
export const auditRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  app.get(
    '/audit/verify',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'check every event against its hash chain and every day against its anchor',
        security,
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            firstBadEvent: BadEvent.nullable(),
            badEvents: z.array(BadEvent).describe('the first bad event of each case that has one (at most 100)'),
            badAnchors: z.array(z.string()),
          }),
          ...errors,
        },
      },
    },
    () => verifyLog(ctx.db, { timeZone: ctx.directory.city.timeZone }),
  );

  app.post(
    '/audit/anchors',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'anchor a finished day: its digest, to hand to an outside witness (the same answer every time)',
        security,
        body: z.object({ day: Day }),
        response: { 200: z.object({ day: z.string(), digest: z.string(), events: z.number().int() }), ...errors },
      },
    },
    (request) => anchorDay(ctx.db, request.body.day, ctx.directory.city.timeZone),
  );
};
