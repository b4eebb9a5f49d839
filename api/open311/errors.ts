import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from '../error-handler';
import type { ApiMetrics } from '../metrics';
import { CONTENT_TYPES, toXml, type Format } from './format';

/** The format the failed request asked for, JSON when its path names none. */
const formatOf = (url: string): Format => (url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

/**
 * GeoReport's error list, `[{code, description}]`, with the HTTP status the /v1 API would send:
 * one entry per invalid field, so a client learns every mistake at once.
 */
export function createOpen311ErrorHandler(metrics: ApiMetrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(error, request, metrics);
    const errors = problem.extra.errors?.length
      ? problem.extra.errors.map((e) => ({ code: problem.status, description: `${e.path || '(request)'}: ${e.message}` }))
      : [{ code: problem.status, description: problem.message }];
    const format = formatOf(request.url);
    const body = format === 'json' ? JSON.stringify(errors) : toXml('errors', { error: errors });
    return reply.code(problem.status).headers(problem.headers).type(CONTENT_TYPES[format]).send(body);
  };
}

