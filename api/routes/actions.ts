import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../../schema/actor';
import { ActionInputs, type ActionInput, type ActionName } from '../../schema/commands';
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

/** CONTRACT.md's action table. The roles mirror `decide`'s rules so a wrong role fails before the case is read. */
export const ACTION_ROUTES: readonly ActionRoute[] = [
  { action: 'dispatch', path: '/dispatch', roles: ['supervisor'], summary: 'classify and route a case awaiting dispatch' },
  { action: 'accept', path: '/accept', roles: ['department'], summary: 'accept the assignment' },
  { action: 'return', path: '/return', roles: ['department'], summary: 'return a wrongly routed case to be routed again' },
  { action: 'contact', path: '/contact', roles: ['department'], summary: 'record the first response to the resident' },
  { action: 'scheduleVisit', path: '/visits', roles: ['department'], summary: 'schedule an on-site visit; the answer carries its visitId' },
  { action: 'completeVisit', path: '/visits/:visitId/complete', roles: ['department'], summary: 'record the findings of a visit' },
  { action: 'resolve', path: '/resolve', roles: ['department'], summary: 'report the case resolved or explained' },
  { action: 'feedback', path: '/feedback', roles: ['street', 'supervisor'], summary: 'relay the resident\'s rating' },
  { action: 'pause', path: '/pause', roles: ['department'], summary: 'stop the clock while waiting on the resident' },
  { action: 'resume', path: '/resume', roles: ['department'], summary: 'restart the clock' },
  { action: 'escalate', path: '/escalate', roles: ['supervisor'], summary: 'raise the escalation level' },
  { action: 'reassign', path: '/reassign', roles: ['supervisor'], summary: 'assign the case to another department' },
  { action: 'extend', path: '/extend', roles: ['supervisor'], summary: 'extend the deadline of one step' },
  { action: 'package', path: '/package', roles: ['supervisor'], summary: 'assign a leader who owns the case' },
  { action: 'close', path: '/close', roles: ['supervisor'], summary: 'close the case' },
  { action: 'unlinkDuplicate', path: '/unlink', roles: ['supervisor'], summary: 'unlink a case wrongly linked as a duplicate: it is routed on its own' },
  { action: 'withdraw', path: '/withdraw', roles: ['street', 'supervisor'], summary: 'withdraw the case at the resident\'s request' },
];

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
          const after = await service.act(id, route.action, who, input, key ? updateIdOf(route.action, who.sub, key) : undefined);
          const added = after.visits.find((v) => !before.visits.some((b) => b.id === v.id));
          return { statusCode: 200, body: { ...toCaseView(after, who), ...(route.action === 'scheduleVisit' && added ? { visitId: added.id } : {}) } };
        };
        const result = key ? await idempotent(db, { scope: who.sub, key, fingerprint: [`POST /v1/cases/${id}${route.path}`, visitId, body] }, act) : await act();
        return result.body as z.infer<typeof ActionResult>;
      },
    );
  }
};
