import { z } from 'zod';
import { CaseStatus } from '../schema/case-state';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, as every error of the API is sent. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          in: z.enum(['body', 'querystring', 'params', 'headers']).optional(),
          message: z.string(),
          code: z.string().optional().describe('required, too_small, too_big, invalid_enum, invalid_format, invalid_characters, invalid_type, unknown_id, …'),
          params: z.record(z.string(), z.unknown()).optional().describe('what the code needs to be worded: minimum, maximum, values, format'),
        }),
      )
      .optional()
      .describe('field-level messages of a validation failure'),
    caseStatus: CaseStatus.nullable().optional().describe('where the case stands, when an action does not fit it'),
    code: z.string().optional().describe('why an action was refused: invalid_state, forbidden, closed, invalid_input'),
    allowedActions: z.array(z.string()).optional().describe('when an action was refused: the actions you may take on the case now'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
export type FieldError = NonNullable<Problem['errors']>[number];

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error the API answers with as problem+json. `type` is a stable slug clients can switch on. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly extra: Partial<Problem> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toProblem(instance?: string): Problem {
    return {
      type: `https://grassroots-case-engine.dev/problems/${this.slug}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const invalidFields = (errors: FieldError[], detail = 'the request has invalid fields') =>
  new HttpProblem(400, 'validation', `${detail}: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`, { errors });
