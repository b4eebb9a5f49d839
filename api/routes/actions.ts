import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../../schema/actor';
import { ACTION_TABLE } from '../../domain/action-table';
import { ACTION_NAMES, ActionInputs, type ActionInput, type ActionName } from '../../schema/commands';
import type { ApiContext } from '../app';
import { caseInScope } from '../case-access';
import { requireKnownIds } from '../directory-checks';
import { idempotent, IdempotencyKeyHeader } from '../idempotency';
import { Problem } from '../problem';
import { ActionResult, toCaseView } from '../views';
import { identifier } from '../../schema/text';

interface ActionRoute {
  action: ActionName;
  /** Under /v1/cases/:id. */
  path: string;
  roles: readonly Role[];
  summary: string;
}

/** The actions offered over HTTP, as the table of actions names them; roles are checked before the case is read. */
export const ACTION_ROUTES: readonly ActionRoute[] = ACTION_NAMES.flatMap((action) => {
  const { path, roles, summary, upload } = ACTION_TABLE[action];
  // Residents rate through /public/v1 by their tracking code, not with a staff token; uploads have their own route.
  return path === null || upload ? [] : [{ action, path, roles: roles.filter((r): r is Role => r !== 'resident'), summary }];
});

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem, 503: Problem };

/** The body of an action as posted: a visit's id comes from the path, not the body. */
function bodySchema(action: ActionName) {
  return action === 'completeVisit' ? ActionInputs.completeVisit.omit({ visitId: true }) : ActionInputs[action];
}

/** A Workflow Update id per person and key: the server then runs a retried action once. */
const updateIdOf = (action: ActionName, sub: string, key: string) => `${action}-${createHash('sha256').update(`${sub}\n${key}`).digest('base64url')}`;

/** Each action on a case is a Workflow Update; the answer is what the case became. */
export const actionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db, directory, service } = ctx;
  for (const route of ACTION_ROUTES) {
    const params = route.action === 'completeVisit' ? z.object({ id: identifier(), visitId: identifier() }) : z.object({ id: identifier() });
    app.post(
      `/cases/:id${route.path}`,
      {
        config: { roles: route.roles },
        schema: {
          tags: ['actions'],
          summary: route.summary,
          operationId: route.action,
          security: [{ bearerAuth: [] }],
          params,
          headers: z.object({ 'idempotency-key': IdempotencyKeyHeader.optional() }),
          body: bodySchema(route.action),
          response: { 200: ActionResult, ...errors },
        },
      },
      async (request) => {
        const who = request.principal;
        const { id, visitId } = request.params as { id: string; visitId?: string };
        const body = request.body as Record<string, unknown>;
        const input = (visitId === undefined ? body : { ...body, visitId }) as ActionInput<typeof route.action>;
        requireKnownIds(directory, [
          { path: 'categoryId', kind: 'category', id: route.action === 'dispatch' ? (body.categoryId as string) : undefined },
          { path: 'departmentId', kind: 'department', id: route.action === 'dispatch' || route.action === 'reassign' ? (body.departmentId as string) : undefined },
        ]);
        const before = await caseInScope(db, directory, who, id);
        const key = request.headers['idempotency-key'];
        const act = async () => {
          const after = await service.act(before.caseId, route.action, who, input, key ? updateIdOf(route.action, who.sub, key) : undefined);
          // The Update answers with the case as this action left it, also when a retry finds the
          // action done already (same update id): the visit it scheduled is the last one then.
          const added = route.action === 'scheduleVisit' ? after.visits.at(-1) : undefined;
          return { statusCode: 200, body: { ...toCaseView(after, who), ...(added ? { visitId: added.id } : {}) } };
        };
        const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint: [`POST /v1/cases/${id}${route.path}`, visitId, body] }, act) : await act();
        return result.body as z.infer<typeof ActionResult>;
      },
    );
  }
};
