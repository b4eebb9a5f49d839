import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inspectUpload, type InspectedFile, type Upload } from '../../attachments/inspect';
import { multipartLimits } from '../../attachments/multipart';
import { defaultAttachmentOptions } from '../../attachments/settings';
import { STATUSES, type CaseState } from '../../schema/case-state';
import type { Role } from '../../schema/actor';
import { CaseReport } from '../../schema/commands';
import type { Category } from '../../schema/directory';
import { keepOpen311Request } from '../../store/open311-requests';
import type { ApiContext } from '../app';
import type { Principal } from '../auth';
import { caseInScope } from '../case-access';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { HttpProblem, invalidFields, type FieldError } from '../problem';
import { listCases } from '../queries/list-cases';
import { rateLimitOptions } from '../rate-limit';
import { addAttachment, checkMayAdd } from '../routes/attachments';
import { inScope } from '../scope';
import { toCaseView } from '../views';
import { isWithin } from '../../domain/jurisdictions';
import { attributeAnswers, checkAnswers, describeAnswers, toServiceDefinition } from './attributes';
import { createOpen311ErrorHandler } from './errors';
import { FORMATS, sendList, sendObject } from './format';
import { toService, toServiceRequest } from './views';
import { identifier, storableString, storableUrl, text } from '../../schema/text';

const FormatParams = z.object({ format: z.enum(FORMATS).describe('json or xml') });
const tags = ['open311'];
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed, as discovery reports it. */
const CHANGESET = '2026-12-04T00:00:00Z';
/** GeoReport: "the default date range should be 90 days", which is also the longest asked here; at most 1,000 requests. */
const MAX_RANGE_DAYS = 90;
const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000;
const MAX_REQUESTS = 1000;
const OPEN_STATUSES = STATUSES.filter((s) => s !== 'closed');
/** The description a case takes at most (CaseReport). */
const MAX_DESCRIPTION = 5000;

const commaList = storableString()
  .trim()
  .min(1)
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Who may read requests, and the key they may present as a parameter. */
const READERS: readonly Role[] = ['street', 'department', 'supervisor'];
const KeyQuery = z.object({ api_key: identifier(2000).optional() });
const JurisdictionQuery = z.object({ jurisdiction_id: identifier().optional().describe('a jurisdiction of the directory: requests at or below it') });

const RequestsQuery = KeyQuery.extend(JurisdictionQuery.shape).extend({
  service_request_id: commaList.optional().describe('comma-separated; when given the other filters are ignored'),
  service_code: commaList.optional().describe('comma-separated services; each includes its sub-services'),
  start_date: z.iso.datetime({ offset: true }).optional().describe(`with end_date at most ${MAX_RANGE_DAYS} days apart; alone: the ${MAX_RANGE_DAYS} days from it`),
  end_date: z.iso.datetime({ offset: true }).optional().describe(`alone: the ${MAX_RANGE_DAYS} days up to it; neither: the last ${MAX_RANGE_DAYS} days`),
  status: commaList.pipe(z.array(z.enum(['open', 'closed']))).optional(),
});

const optionalNumber = storableString()
  .trim()
  .min(1)
  .transform(Number)
  .pipe(z.number().finite())
  .optional();

/**
 * The fields of a GeoReport POST (form-encoded or multipart with `media`); `jurisdiction_id` is one
 * of the directory's (default: the caller's). `attribute[CODE]` answers pass through to be checked
 * against the service's definition.
 */
const CreateRequestBody = z
  .object({
    api_key: identifier(2000).optional(),
    jurisdiction_id: identifier().optional(),
    service_code: identifier(),
    lat: optionalNumber,
    long: optionalNumber,
    address_string: text(500).optional(),
    address_id: storableString().max(100).optional(),
    email: storableString().max(200).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'an e-mail address' }).optional(),
    device_id: storableString().max(200).optional(),
    account_id: storableString().max(200).optional(),
    first_name: storableString().max(50).optional(),
    last_name: storableString().max(50).optional(),
    phone: storableString().max(40).optional(),
    description: storableString().trim().max(4000).optional(),
    media_url: storableUrl().optional(),
  })
  .loose()
  .describe('form-encoded, or multipart/form-data with the photo as the file part media; answers to the service\'s attributes as attribute[CODE]');

/** The photo of a multipart POST, taken aside before the fields are validated. */
const mediaOf = new WeakMap<FastifyRequest, Upload>();

/**
 * The Open311 GeoReport v2 API over the same cases as /v1. Services are categories; a request is a
 * case. Unlike the specification's public reads, reading requests needs an `api_key` (a token of
 * the /v1 API) too, with the same scope: residents' petitions are not public.
 */
export const open311Routes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db, directory, service, metrics } = ctx;
  const attachments = ctx.attachments ?? defaultAttachmentOptions(db);
  await app.register(fastifyFormbody);
  // A POST with a photo (as FixMyStreet sends it): the fields become the body, `media` is kept aside.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    preservePath: true,
    limits: { ...multipartLimits(attachments.limits), fields: 80, fieldSize: 20_000, parts: 90 },
    async onFile(this: FastifyRequest, part) {
      if (part.fieldname !== 'media') {
        part.file.resume();
        throw invalidFields([{ path: part.fieldname, in: 'body', message: 'a file goes in the field media', code: 'unexpected_file' }]);
      }
      mediaOf.set(this, { bytes: await part.toBuffer(), filename: part.filename, declaredType: part.mimetype });
    },
  });
  const onError = createOpen311ErrorHandler(metrics, attachments.limits);
  app.setErrorHandler(onError);
  // The key is known before the handler checks it: the limit counts per key presented.
  await app.register(fastifyRateLimit, rateLimitOptions(ctx.rateLimit, (request) => {
    const key = (request.query as { api_key?: string } | undefined)?.api_key ?? (request.body as { api_key?: string } | undefined)?.api_key ?? request.headers.authorization;
    return key ? `key:${key}` : undefined;
  }));
  app.setNotFoundHandler((request, reply) => onError(new HttpProblem(404, 'not-found', `no Open311 resource ${request.method} ${request.url.split('?')[0]}; see discovery.json`) as never, request, reply));

  /** The person behind the key. A missing or bad key is 403, as GeoReport has it ("invalid api_key"). */
  const caller = async (request: FastifyRequest, apiKey: string | undefined, roles: readonly Role[]): Promise<Principal> => {
    const header = apiKey ? `Bearer ${apiKey}` : request.headers.authorization;
    if (!header) throw new HttpProblem(403, 'invalid-api-key', 'api_key is required: an API token (JWT) of a role that may do this');
    let who: Principal;
    try {
      who = await ctx.authenticate(header);
    } catch (error) {
      if (error instanceof HttpProblem && error.status === 401) throw new HttpProblem(403, 'invalid-api-key', `invalid api_key: ${error.message}`);
      throw error;
    }
    if (who.role !== 'admin' && !roles.includes(who.role)) throw new HttpProblem(403, 'role-not-allowed', `${request.method} ${request.routeOptions.url} is for ${roles.join(' or ')}, not ${who.role}`);
    return who;
  };

  /** A service by code: unknown is 404, as GeoReport has it. */
  const serviceOf = (code: string): Category => {
    const category = directory.categories.find((c) => c.id === code);
    if (!category) throw new HttpProblem(404, 'service-not-found', `service_code: no service ${code}; services.json lists them`);
    return category;
  };
  /** A jurisdiction by id, when one is given: unknown is 404. */
  const jurisdictionOf = (id: string | undefined): string | undefined => {
    if (id !== undefined && !directory.jurisdictions.some((j) => j.id === id)) throw new HttpProblem(404, 'jurisdiction-not-found', `jurisdiction_id: no jurisdiction ${id}`);
    return id;
  };

  const asRequest = (request: FastifyRequest, who: Principal) => (s: CaseState) => toServiceRequest(directory, toCaseView(s, who), `${request.protocol}://${request.host}`);

  app.get('/discovery.:format', { schema: { tags, summary: 'where this Open311 endpoint is and what it speaks', params: FormatParams } }, (request, reply) => {
    const url = `${request.protocol}://${request.host}/open311/v2`;
    const endpoint = { specification: SPECIFICATION, url, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] };
    const discovery = { changeset: CHANGESET, contact: 'the city\'s hotline office', key_service: 'API tokens are issued by the city\'s administrators', endpoints: [endpoint] };
    return sendObject(reply, request.params.format, 'discovery', discovery, () => ({
      ...discovery,
      endpoints: { endpoint: { ...endpoint, formats: { format: endpoint.formats } } },
    }));
  });

  app.get('/services.:format', { schema: { tags, summary: 'the categories, as services', params: FormatParams, querystring: JurisdictionQuery } }, (request, reply) => {
    jurisdictionOf(request.query.jurisdiction_id);
    return sendList(reply, request.params.format, 'services', 'service', directory.categories.map((c) => toService(directory, c.id)));
  });

  app.get(
    '/services/:code.:format',
    { schema: { tags, summary: 'a service\'s definition: the attributes it asks for', params: FormatParams.extend({ code: identifier() }), querystring: JurisdictionQuery } },
    (request, reply) => {
      jurisdictionOf(request.query.jurisdiction_id);
      const definition = toServiceDefinition(serviceOf(request.params.code));
      return sendObject(reply, request.params.format, 'service_definition', definition, () => ({
        service_code: definition.service_code,
        attributes: { attribute: definition.attributes.map(({ values, ...a }) => (values ? { ...a, values: { value: values } } : a)) },
      }));
    },
  );

  app.post(
    '/requests.:format',
    {
      schema: {
        tags,
        summary: 'submit a service request (form-encoded or multipart with media, with api_key): a case',
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
        params: FormatParams,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
        body: CreateRequestBody,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const media = mediaOf.get(request);
      const who = await caller(request, body.api_key, ['street', 'supervisor']);
      const category = serviceOf(body.service_code);
      const jurisdictionId = jurisdictionOf(body.jurisdiction_id) ?? (who.role === 'admin' ? undefined : who.org);
      if (!jurisdictionId) throw invalidFields([{ path: 'jurisdiction_id', in: 'body', message: 'is required for an administrator\'s token', code: 'required' }]);
      jurisdictionOf(jurisdictionId);
      const problems: FieldError[] = [];
      if ((body.lat === undefined) !== (body.long === undefined)) {
        const missing = body.lat === undefined ? 'lat' : 'long';
        problems.push({ path: missing, in: 'body', message: `is required with ${missing === 'lat' ? 'long' : 'lat'}: a location is both`, code: 'required' });
      } else if (body.lat === undefined && !body.address_string && !body.address_id) {
        problems.push({ path: 'lat', in: 'body', message: 'a location is required: lat and long, address_string or address_id', code: 'required' });
      }
      if (!media && (body as { media?: unknown }).media !== undefined) {
        problems.push({ path: 'media', in: 'body', message: 'send the photo as a file part of multipart/form-data (with a filename), or its address as media_url', code: 'invalid_type' });
      }
      const { answers, errors: answerErrors } = attributeAnswers(body as Record<string, unknown>);
      problems.push(...answerErrors, ...(answerErrors.length ? [] : checkAnswers(category, answers)));
      if (problems.length) throw invalidFields(problems);
      if (!inScope(directory, who, { jurisdictionId, departmentId: null })) throw new HttpProblem(403, 'out-of-scope', `${jurisdictionId} is outside your jurisdiction ${who.org}`);
      const name = [body.first_name, body.last_name].filter(Boolean).join(' ');
      const answered = describeAnswers(category, answers);
      const description = [body.description || category.name, answered].filter(Boolean).join('\n\n').slice(0, MAX_DESCRIPTION);
      // The service the resident chose becomes the title: the classifier reads it with the description.
      const parsed = CaseReport.safeParse({
        title: category.name,
        description,
        location: { jurisdictionId, address: body.address_string ?? body.address_id, lat: body.lat, lon: body.long },
        reporter: name || body.phone ? { name: name || undefined, phone: body.phone, anonymous: false } : { anonymous: true },
        channel: 'online',
        attachments: body.media_url ? [{ url: body.media_url, kind: 'photo' }] : [],
      });
      if (!parsed.success) throw invalidFields(parsed.error.issues.map((i) => ({ path: i.path.join('.'), in: 'body', message: i.message })));
      // The photo is checked before anything is stored: a bad one leaves no case behind.
      let photo: InspectedFile | undefined;
      if (media) photo = await inspectUpload(media, attachments.limits, 'media');
      const key = request.headers['idempotency-key'];
      const submit = async () => {
        const state = await service.submit(parsed.data, who, key);
        metrics.casesStarted.inc();
        await keepOpen311Request(db, state.caseId, { email: body.email, deviceId: body.device_id, accountId: body.account_id, attributes: answers });
        if (photo && !state.attachments?.some((a) => a.originalSha256 === photo.originalSha256)) {
          checkMayAdd(state, who, attachments);
          await addAttachment(service, attachments, { caseId: state.caseId, who, file: photo, stage: 'report', visitId: undefined, idempotencyKey: key });
        }
        return { statusCode: 201, body: [{ service_request_id: state.caseId, service_notice: null, account_id: body.account_id ?? null }] };
      };
      // The key is who, not what: a retry with a renewed token is the same request.
      const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'api_key'));
      const fingerprint = ['POST /open311/v2/requests', { ...fields, media: photo?.originalSha256 ?? null }];
      const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint }, submit) : await submit();
      return sendList(reply, request.params.format, 'service_requests', 'request', result.body as object[], result.statusCode);
    },
  );

  app.get('/requests.:format', { schema: { tags, summary: 'service requests (cases) in the caller\'s scope', params: FormatParams, querystring: RequestsQuery } }, async (request, reply) => {
    const q = request.query;
    const who = await caller(request, q.api_key, READERS);
    const { format } = request.params;
    const jurisdictionId = jurisdictionOf(q.jurisdiction_id);
    const within = (s: CaseState) => !jurisdictionId || isWithin(directory, s.report!.location.jurisdictionId, jurisdictionId);
    if (q.service_request_id) {
      // An id that is unknown or out of scope is left out; any other failure (a 503) is not hidden.
      const found = await Promise.all(q.service_request_id.map((id) => caseInScope(db, directory, who, id).catch((e: unknown) => (e instanceof HttpProblem && e.status === 404 ? null : Promise.reject(e)))));
      const visible = found.filter((s): s is CaseState => s !== null && within(s)).map(asRequest(request, who));
      return sendList(reply, format, 'service_requests', 'request', visible);
    }
    const codes = q.service_code ?? [];
    codes.forEach(serviceOf);
    const { from, to } = dateRange(q.start_date, q.end_date);
    const wanted = new Set(q.status ?? ['open', 'closed']);
    const status = [...(wanted.has('open') ? OPEN_STATUSES : []), ...(wanted.has('closed') ? (['closed'] as const) : [])];
    // Each service (with its sub-services) in turn, newest first; merged, once each, newest first.
    const found = new Map<string, CaseState>();
    for (const categoryId of codes.length ? codes : [undefined]) {
      let cursor: string | undefined;
      let taken = 0;
      do {
        const page = await listCases(db, directory, who, { status, categoryId, jurisdictionId, from, to, limit: 100, cursor });
        for (const s of page.items) found.set(s.caseId, s);
        taken += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor && taken < MAX_REQUESTS);
    }
    const newest = [...found.values()].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.caseId < b.caseId ? -1 : 1));
    return sendList(reply, format, 'service_requests', 'request', newest.slice(0, MAX_REQUESTS).map(asRequest(request, who)));
  });

  app.get(
    '/requests/:id.:format',
    { schema: { tags, summary: 'one service request (a case)', params: FormatParams.extend({ id: identifier() }), querystring: KeyQuery.extend(JurisdictionQuery.shape) } },
    async (request, reply) => {
      const who = await caller(request, request.query.api_key, READERS);
      const jurisdictionId = jurisdictionOf(request.query.jurisdiction_id);
      const state = await caseInScope(db, directory, who, request.params.id);
      if (jurisdictionId && !isWithin(directory, state.report!.location.jurisdictionId, jurisdictionId)) {
        throw new HttpProblem(404, 'case-not-found', `no service request ${request.params.id} in jurisdiction ${jurisdictionId}`);
      }
      return sendList(reply, request.params.format, 'service_requests', 'request', [asRequest(request, who)(state)]);
    },
  );

  // A request's id is known as soon as it is submitted, so its token is the id itself.
  app.get(
    '/tokens/:token.:format',
    { schema: { tags, summary: 'the service request of a token (here the token is the request id)', params: FormatParams.extend({ token: identifier() }), querystring: KeyQuery.extend(JurisdictionQuery.shape) } },
    async (request, reply) => {
      const who = await caller(request, request.query.api_key, READERS);
      const jurisdictionId = jurisdictionOf(request.query.jurisdiction_id);
      const state = await caseInScope(db, directory, who, request.params.token);
      if (jurisdictionId && !isWithin(directory, state.report!.location.jurisdictionId, jurisdictionId)) {
        throw new HttpProblem(404, 'case-not-found', `no service request for token ${request.params.token} in jurisdiction ${jurisdictionId}`);
      }
      return sendList(reply, request.params.format, 'service_requests', 'request', [{ service_request_id: state.caseId, token: request.params.token }]);
    },
  );
};

/**
 * The period a list covers. GeoReport: the default range is 90 days, and a server may refuse a
 * longer one; here 90 days is also the most. One date alone: the 90 days from or up to it.
 */
function dateRange(start: string | undefined, end: string | undefined): { from: Date; to: Date } {
  const from = start ? new Date(start) : undefined;
  const to = end ? new Date(end) : undefined;
  if (from && to) {
    if (to.getTime() < from.getTime()) throw invalidFields([{ path: 'end_date', in: 'querystring', message: 'is before start_date', code: 'too_small' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw invalidFields([{ path: 'end_date', in: 'querystring', message: `at most ${MAX_RANGE_DAYS} days after start_date`, code: 'too_big', params: { maximum: `P${MAX_RANGE_DAYS}D` } }]);
    }
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + MAX_RANGE_MS) };
  const until = to ?? new Date();
  return { from: new Date(until.getTime() - MAX_RANGE_MS), to: until };
}
