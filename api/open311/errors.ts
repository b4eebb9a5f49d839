import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { multipartProblem } from '../../attachments/multipart';
import type { AttachmentLimits } from '../../attachments/settings';
import { problemFor } from '../error-handler';
import type { ApiMetrics } from '../metrics';
import { CONTENT_TYPES, toXml, type Format } from './format';

/** The format the failed request asked for, JSON when its path names none. */
const formatOf = (url: string): Format => (url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

/**
 * GeoReport's error list, `[{code, description}]`, with the HTTP status the /v1 API would send
 * (but 403 for a missing or bad api_key and 404 for an unknown service or jurisdiction, as the
 * specification has them): one entry per invalid field, so a client learns every mistake at once.
 */
export function createOpen311ErrorHandler(metrics: ApiMetrics, limits: AttachmentLimits) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(multipartProblem(error, limits, 'media') ?? error, request, metrics);
    const errors = problem.extra.errors?.length
      ? problem.extra.errors.map((e) => ({ code: problem.status, description: `${e.path || '(request)'}: ${e.message}` }))
      : [{ code: problem.status, description: problem.message }];
    const format = formatOf(request.url);
    const body = format === 'json' ? JSON.stringify(errors) : toXml('errors', { error: errors });
    return reply.code(problem.status).headers(problem.headers).type(CONTENT_TYPES[format]).send(body);
  };
}
