import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STATUSES, type CaseState } from '../../schema/case-state';
import type { Role } from '../../schema/actor';
import { CaseReport } from '../../schema/commands';
import type { ApiContext } from '../app';
import type { Principal } from '../auth';
import { caseInScope } from '../case-access';
import { requireKnownIds } from '../directory-checks';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { HttpProblem, invalidFields } from '../problem';
import { listCases } from '../queries/list-cases';
import { rateLimitOptions } from '../rate-limit';
import { inScope } from '../scope';
import { toCaseView } from '../views';
import { createOpen311ErrorHandler } from './errors';
import { FORMATS, sendList, sendObject } from './format';
import { toService, toServiceRequest } from './views';
import { identifier, storableString, storableUrl, text } from '../../schema/text';

const FormatParams = z.object({ format: z.enum(FORMATS).describe('json or xml') });
const tags = ['open311'];
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed, as discovery reports it. */
const CHANGESET = '2026-11-21T00:00:00Z';
/** GeoReport: "the default date range should be 90 days", at most 1,000 requests. */
const DEFAULT_RANGE_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;
const OPEN_STATUSES = STATUSES.filter((s) => s !== 'closed');

const commaList = storableString()
  .trim()
  .min(1)
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Who may read requests, and the key they may present as a parameter. */
const READERS: readonly Role[] = ['street', 'department', 'supervisor'];
const KeyQuery = z.object({ api_key: identifier(2000).optional() });

const RequestsQuery = KeyQuery.extend({
  service_request_id: commaList.optional().describe('comma-separated; when given the other filters are ignored'),
  service_code: identifier().optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: commaList.pipe(z.array(z.enum(['open', 'closed']))).optional(),
});

const optionalNumber = storableString()
  .trim()
  .min(1)
  .transform(Number)
  .pipe(z.number().finite())
  .optional();

/** The form fields of a GeoReport POST; `jurisdiction_id` is one of the directory's (default: the caller's). */
const CreateRequestBody = z.object({
  api_key: identifier(2000).optional(),
  jurisdiction_id: identifier().optional(),
  service_code: identifier(),
  lat: optionalNumber,
  long: optionalNumber,
  address_string: text(500).optional(),
  address_id: storableString().max(100).optional(),
  email: storableString().max(200).optional(),
  device_id: storableString().max(200).optional(),
  account_id: storableString().max(200).optional(),
  first_name: storableString().max(50).optional(),
  last_name: storableString().max(50).optional(),
  phone: storableString().max(40).optional(),
  description: storableString().trim().max(4000).optional(),
  media_url: storableUrl().optional(),
});

/**
 * The Open311 GeoReport v2 API over the same cases as /v1. Services are categories; a request is a
 * case. Unlike the specification's public reads, reading requests needs an `api_key` (a token of
 * the /v1 API) too, with the same scope: residents' petitions are not public.
 */
export const open311Routes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db, directory, service, metrics } = ctx;
  await app.register(fastifyFormbody);
  const onError = createOpen311ErrorHandler(metrics);
  app.setErrorHandler(onError);
  // The key is known before the handler checks it: the limit counts per key presented.
  await app.register(fastifyRateLimit, rateLimitOptions(ctx.rateLimit, (request) => {
    const key = (request.query as { api_key?: string } | undefined)?.api_key ?? (request.body as { api_key?: string } | undefined)?.api_key ?? request.headers.authorization;
    return key ? `key:${key}` : undefined;
  }));
  app.setNotFoundHandler((request, reply) => onError(new HttpProblem(404, 'not-found', `no Open311 resource ${request.method} ${request.url.split('?')[0]}; see discovery.json`) as never, request, reply));

  const caller = async (request: FastifyRequest, apiKey: string | undefined, roles: readonly Role[]): Promise<Principal> => {
    const header = apiKey ? `Bearer ${apiKey}` : request.headers.authorization;
    if (!header) throw new HttpProblem(401, 'unauthenticated', 'send api_key: an API token (JWT) of a role that may do this');
    const who = await ctx.authenticate(header);
    if (who.role !== 'admin' && !roles.includes(who.role)) throw new HttpProblem(403, 'role-not-allowed', `${request.method} ${request.routeOptions.url} is for ${roles.join(' or ')}, not ${who.role}`);
    return who;
  };

  const asRequest = (who: Principal) => (s: CaseState) => toServiceRequest(directory, toCaseView(s, who));

  app.get('/discovery.:format', { schema: { tags, summary: 'where this Open311 endpoint is and what it speaks', params: FormatParams } }, (request, reply) => {
    const url = `${request.protocol}://${request.host}/open311/v2`;
    const endpoint = { specification: SPECIFICATION, url, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] };
    const discovery = { changeset: CHANGESET, contact: 'the city\'s hotline office', key_service: 'API tokens are issued by the city\'s administrators', endpoints: [endpoint] };
    return sendObject(reply, request.params.format, 'discovery', discovery, () => ({
      ...discovery,
      endpoints: { endpoint: { ...endpoint, formats: { format: endpoint.formats } } },
    }));
  });

  app.get('/services.:format', { schema: { tags, summary: 'the categories, as services', params: FormatParams } }, (request, reply) =>
    sendList(reply, request.params.format, 'services', 'service', directory.categories.map((c) => toService(directory, c.id))),
  );

  app.get(
    '/services/:code.:format',
    { schema: { tags, summary: 'a service\'s definition (no extra attributes are asked)', params: FormatParams.extend({ code: identifier() }) } },
    (request, reply) => {
      if (!directory.categories.some((c) => c.id === request.params.code)) throw new HttpProblem(404, 'not-found', `no service ${request.params.code}; services.json lists them`);
      return sendObject(reply, request.params.format, 'service_definition', { service_code: request.params.code, attributes: [] });
    },
  );

  app.post(
    '/requests.:format',
    {
      schema: {
        tags,
        summary: 'submit a service request (form-encoded, with api_key): a case',
        params: FormatParams,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
        body: CreateRequestBody,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const who = await caller(request, body.api_key, ['street', 'supervisor']);
      const category = directory.categories.find((c) => c.id === body.service_code);
      if (!category) throw invalidFields([{ path: 'service_code', in: 'body', message: `no service ${body.service_code}; services.json lists them` }]);
      const jurisdictionId = body.jurisdiction_id ?? (who.role === 'admin' ? undefined : who.org);
      if (!jurisdictionId) throw invalidFields([{ path: 'jurisdiction_id', in: 'body', message: 'is required for an administrator\'s token' }]);
      if (body.lat === undefined && body.long === undefined && !body.address_string && !body.address_id) {
        throw invalidFields([{ path: 'lat', in: 'body', message: 'a location is required: lat and long, address_string or address_id' }]);
      }
      requireKnownIds(directory, [{ path: 'jurisdiction_id', kind: 'jurisdiction', id: jurisdictionId }]);
      if (!inScope(directory, who, { jurisdictionId, departmentId: null })) throw new HttpProblem(403, 'out-of-scope', `${jurisdictionId} is outside your jurisdiction ${who.org}`);
      const name = [body.first_name, body.last_name].filter(Boolean).join(' ');
      // The service the resident chose becomes the title: the classifier reads it with the description.
      const parsed = CaseReport.safeParse({
        title: category.name,
        description: body.description || category.name,
        location: { jurisdictionId, address: body.address_string ?? body.address_id, lat: body.lat, lon: body.long },
        reporter: name || body.phone ? { name: name || undefined, phone: body.phone, anonymous: false } : { anonymous: true },
        channel: 'online',
        attachments: body.media_url ? [{ url: body.media_url, kind: 'photo' }] : [],
      });
      if (!parsed.success) throw invalidFields(parsed.error.issues.map((i) => ({ path: i.path.join('.'), in: 'body', message: i.message })));
      const key = request.headers['idempotency-key'];
      const submit = async () => {
        const state = await service.submit(parsed.data, who, key);
        metrics.casesStarted.inc();
        return { statusCode: 201, body: [{ service_request_id: state.caseId, service_notice: null, account_id: body.account_id ?? null }] };
      };
      const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint: ['POST /open311/v2/requests', body] }, submit) : await submit();
      return sendList(reply, request.params.format, 'service_requests', 'request', result.body as object[], result.statusCode);
    },
  );

  app.get('/requests.:format', { schema: { tags, summary: 'service requests (cases) in the caller\'s scope', params: FormatParams, querystring: RequestsQuery } }, async (request, reply) => {
    const q = request.query;
    const who = await caller(request, q.api_key, READERS);
    const { format } = request.params;
    if (q.service_request_id) {
      // An id that is unknown or out of scope is left out; any other failure (a 503) is not hidden.
      const found = await Promise.all(q.service_request_id.map((id) => caseInScope(db, directory, who, id).catch((e: unknown) => (e instanceof HttpProblem && e.status === 404 ? null : Promise.reject(e)))));
      const visible = found.filter((s) => s !== null).map(asRequest(who));
      return sendList(reply, format, 'service_requests', 'request', visible);
    }
    if (q.service_code && !directory.categories.some((c) => c.id === q.service_code)) {
      throw invalidFields([{ path: 'service_code', in: 'querystring', message: `no service ${q.service_code}; services.json lists them` }]);
    }
    const to = q.end_date ? new Date(q.end_date) : new Date();
    const from = q.start_date ? new Date(q.start_date) : new Date(to.getTime() - DEFAULT_RANGE_MS);
    const wanted = new Set(q.status ?? ['open', 'closed']);
    const status = [...(wanted.has('open') ? OPEN_STATUSES : []), ...(wanted.has('closed') ? (['closed'] as const) : [])];
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(db, directory, who, { status, categoryId: q.service_code, from, to, limit: 100, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < MAX_REQUESTS);
    return sendList(reply, format, 'service_requests', 'request', items.slice(0, MAX_REQUESTS).map(asRequest(who)));
  });

  app.get(
    '/requests/:id.:format',
    { schema: { tags, summary: 'one service request (a case)', params: FormatParams.extend({ id: identifier() }), querystring: KeyQuery } },
    async (request, reply) => {
      const who = await caller(request, request.query.api_key, READERS);
      const state = await caseInScope(db, directory, who, request.params.id);
      return sendList(reply, request.params.format, 'service_requests', 'request', [asRequest(who)(state)]);
    },
  );

  // A request's id is known as soon as it is submitted, so its token is the id itself.
  app.get(
    '/tokens/:token.:format',
    { schema: { tags, summary: 'the service request of a token (here the token is the request id)', params: FormatParams.extend({ token: identifier() }), querystring: KeyQuery } },
    async (request, reply) => {
      const who = await caller(request, request.query.api_key, READERS);
      const state = await caseInScope(db, directory, who, request.params.token);
      return sendList(reply, request.params.format, 'service_requests', 'request', [{ service_request_id: state.caseId, token: request.params.token }]);
    },
  );
};
