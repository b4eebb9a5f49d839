import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ActionRejectedError } from './case-service';
import { fieldErrorCode } from './field-error-codes';
import type { ApiMetrics } from './metrics';
import { HttpProblem, invalidFields, PROBLEM_CONTENT_TYPE, type FieldError } from './problem';
import { unavailableBackend } from './unavailable';

const RETRY_AFTER_SECONDS = 5;
type ValidationContext = NonNullable<FieldError['in']>;

/** Every failure becomes RFC 9457 problem+json; unknown failures are logged and hidden. */
export function toHttpProblem(error: FastifyError | Error, metrics: ApiMetrics): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = ((error as FastifyError).validationContext ?? 'body') as ValidationContext;
    return invalidFields(
      error.validation.map((v) => {
        const message = v.message ?? 'is not valid';
        return { path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'), in: context, message, ...fieldErrorCode(v.keyword, v.params, message) };
      }),
      `the ${context === 'querystring' ? 'query' : context} has invalid fields`,
    );
  }
  if (error instanceof ActionRejectedError) {
    metrics.updatesRejected.inc({ code: error.code });
    const status = error.code === 'forbidden' ? 403 : error.code === 'invalid_input' ? 400 : 409;
    const detail = error.status && error.code !== 'forbidden' ? `${error.message} (the case is ${error.status})` : error.message;
    return new HttpProblem(status, error.code === 'closed' ? 'case-closed' : error.code.replace('_', '-'), detail, {
      caseStatus: error.status,
      code: error.code,
      ...(error.allowedActions ? { allowedActions: error.allowedActions } : {}),
    });
  }
  const backend = unavailableBackend(error);
  if (backend) {
    return new HttpProblem(
      503,
      `${backend}-unavailable`,
      `${backend === 'temporal' ? 'the Temporal server' : 'the database'} cannot be reached; retry in a few seconds with the same Idempotency-Key`,
      {},
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'body-too-large', `the request body is larger than the limit of ${fastifyError.message.match(/\d+/)?.[0] ?? 'the server'} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'unsupported-media-type', 'send the body as application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'malformed-json', `the body is not valid JSON: ${fastifyError.message}`);
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new HttpProblem(fastifyError.statusCode, 'bad-request', fastifyError.message);
  }
  return undefined;
}

/** The problem to answer with; an unknown failure is logged and becomes a 500 that hides it. */
export function problemFor(error: FastifyError | Error, request: FastifyRequest, metrics: ApiMetrics): HttpProblem {
  const problem = toHttpProblem(error, metrics);
  if (!problem) {
    request.log.error({ err: error }, 'request failed');
    return new HttpProblem(500, 'internal', 'the server failed to handle the request; it has been logged. Retry with the same Idempotency-Key');
  }
  if (problem.status >= 500) request.log.warn({ err: error }, problem.message);
  return problem;
}

export function createErrorHandler(metrics: ApiMetrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(error, request, metrics);
    return reply
      .code(problem.status)
      .headers(problem.headers)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem.toProblem(request.url));
  };
}
