import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseStatus } from '../../schema/case-state';
import { CaseReport } from '../../schema/commands';
import { Urgency } from '../../schema/policy';
import type { ApiContext } from '../app';
import { InstantOrDate } from '../query-schemas';
import { caseInScope } from '../case-access';
import { requireKnownIds } from '../directory-checks';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { HttpProblem, Problem } from '../problem';
import { trackingCodeOf } from '../../store/case-numbers';
import { CASE_SORTS, countCases, COUNT_LIMIT, listCases } from '../queries/list-cases';
import { DEFAULT_EXPORT_MAX_ROWS, exportCases, exportFormatAccepted } from '../exports/export-cases';
import { EXPORT_LANGUAGES } from '../exports/labels';
import { CONTENT_TYPES, EXPORT_FORMATS } from '../exports/write-export';
import { inScope } from '../scope';
import { CaseDetail, CaseView, EventView, toCaseView, toEventView } from '../views';
import { identifier, text } from '../../schema/text';

const security = [{ bearerAuth: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem };
const CaseIdParams = z.object({ id: identifier() });

const ListQuery = z.object({
  status: z
    .union([CaseStatus, z.array(CaseStatus)])
    .optional()
    .describe('one status, or several as repeated parameters'),
  departmentId: identifier().optional(),
  jurisdictionId: identifier().optional().describe('this jurisdiction and every one below it'),
  categoryId: identifier().optional().describe('this category and its sub-categories'),
  urgency: Urgency.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  backlog: z.enum(['true', 'false']).optional().describe('open past the backlog limit'),
  escalationLevel: z.coerce.number().int().min(0).max(10).optional(),
  from: InstantOrDate.optional().describe('reported at or after (ISO 8601 instant or date)'),
  to: InstantOrDate.optional().describe('reported before (ISO 8601 instant or date)'),
  duplicateOf: identifier().optional().describe('cases linked to this one as duplicates'),
  q: text(200).optional().describe('text in the title or description, or a case number'),
  number: identifier(20).optional().describe('the case with this number, e.g. 2026-000123'),
  sort: z.enum(CASE_SORTS).default('-createdAt').describe('-createdAt (newest first), createdAt, nextDueAt (nearest deadline first), -updatedAt'),
  format: z.enum(EXPORT_FORMATS).optional().describe('csv or xlsx: the filtered cases as a file (or ask by Accept)'),
  lang: z.enum(EXPORT_LANGUAGES).default('zh').describe('the language of an export\'s headers and words'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: identifier(500).optional().describe('nextCursor of the previous page'),
});

/** Submission and reading of cases. */
export const caseRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db, directory, service, metrics } = ctx;

  app.post(
    '/cases',
    {
      config: { roles: ['street', 'supervisor'] },
      schema: {
        tags: ['cases'],
        summary: 'submit a case for a resident',
        security,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
        body: CaseReport,
        response: {
          201: CaseView.extend({ trackingCode: z.string().describe('give it to the resident: they follow the case at /public/v1/cases/{trackingCode} and rate it there') }),
          ...errors,
          413: Problem,
          415: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const who = request.principal;
      const report = request.body;
      requireKnownIds(directory, [
        { path: 'location.jurisdictionId', kind: 'jurisdiction', id: report.location.jurisdictionId },
        { path: 'complaintAbout', kind: 'department', id: report.complaintAbout },
      ]);
      if (!inScope(directory, who, { jurisdictionId: report.location.jurisdictionId, departmentId: null })) {
        throw new HttpProblem(403, 'out-of-scope', `${report.location.jurisdictionId} is outside your jurisdiction ${who.org}`);
      }
      const key = request.headers['idempotency-key'];
      const submit = async () => {
        const state = await service.submit(report, who, key);
        metrics.casesStarted.inc();
        return { statusCode: 201, body: { ...toCaseView(state, who), trackingCode: (await trackingCodeOf(db, state.caseId)) ?? '' } };
      };
      const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint: ['POST /v1/cases', report] }, submit) : await submit();
      return reply.code(result.statusCode).send(result.body as CaseView & { trackingCode: string });
    },
  );

  app.get(
    '/cases/:id',
    {
      config: { roles: ['street', 'department', 'supervisor'] },
      schema: { tags: ['cases'], summary: 'a case as it stands', security, params: CaseIdParams, response: { 200: CaseDetail, ...errors } },
    },
    async (request) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      const duplicates = await db.selectFrom('cases').select('id').where('duplicate_of', '=', state.caseId).orderBy('created_at').execute();
      return { ...toCaseView(state, request.principal), duplicates: duplicates.map((d) => d.id) };
    },
  );

  app.get(
    '/cases/:id/events',
    {
      config: { roles: ['street', 'department', 'supervisor'] },
      schema: {
        tags: ['cases'],
        summary: 'the case\'s domain events in order',
        security,
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(EventView) }), ...errors },
      },
    },
    async (request) => {
      const state = await caseInScope(db, directory, request.principal, request.params.id);
      const events = await service.events(state.caseId);
      return { items: events.map((e) => toEventView(e, request.principal)) };
    },
  );

  app.get(
    '/cases',
    {
      config: { roles: ['street', 'department', 'supervisor'] },
      schema: {
        tags: ['cases'],
        summary: 'cases in your scope, newest first, in pages',
        security,
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(CaseView),
            nextCursor: z.string().nullable(),
            total: z.number().int().describe(`the number of cases the filters select, counted up to ${COUNT_LIMIT}`),
            totalAtLeast: z.boolean().describe('true when there are more than total'),
          }),
          ...errors,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      requireKnownIds(directory, [
        { path: 'departmentId', kind: 'department', id: q.departmentId, in: 'querystring' },
        { path: 'jurisdictionId', kind: 'jurisdiction', id: q.jurisdictionId, in: 'querystring' },
        { path: 'categoryId', kind: 'category', id: q.categoryId, in: 'querystring' },
      ]);
      const filters = {
        ...q,
        status: q.status === undefined ? undefined : [q.status].flat(),
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        backlog: q.backlog === undefined ? undefined : q.backlog === 'true',
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      };
      const format = q.format ?? exportFormatAccepted(request.headers.accept);
      if (format) {
        const file = await exportCases(db, directory, request.principal, filters, { format, lang: q.lang, maxRows: ctx.exportMaxRows ?? DEFAULT_EXPORT_MAX_ROWS });
        return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${file.name}"`).send(file.body as never);
      }
      const [page, count] = await Promise.all([listCases(db, directory, request.principal, filters), countCases(db, directory, request.principal, filters)]);
      return { items: page.items.map((s) => toCaseView(s, request.principal)), nextCursor: page.nextCursor, total: count.total, totalAtLeast: count.atLeast };
    },
  );
};
