import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '../../schema/actor';
import { identifier, text } from '../../schema/text';
import { insertApiKey, listApiKeys, revokeApiKey } from '../../store/people/api-keys';
import { audit } from '../../store/people/audit';
import type { ApiContext } from '../app';
import { requireKnownIds } from '../directory-checks';
import { API_KEY_PREFIX } from '../people/authenticator';
import { newSecret, secretHash } from '../people/secrets';
import { ApiKeyView, toApiKeyView } from '../people/views';
import { HttpProblem, Problem } from '../problem';

const security = [{ bearerAuth: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem };

/** Keys for integrations (a hotline system, FixMyStreet): each acts as one role and org, is listed, and can be revoked. */
export const apiKeyRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  const { db } = ctx;

  app.get(
    '/api-keys',
    { config: { roles: ['admin'] }, schema: { tags: ['people'], summary: 'the API keys, newest first (never the keys themselves)', security, response: { 200: z.object({ items: z.array(ApiKeyView) }), ...errors } } },
    async () => ({ items: (await listApiKeys(db)).map(toApiKeyView) }),
  );

  app.post(
    '/api-keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['people'],
        summary: 'create an API key; the key is shown in this answer only',
        security,
        body: z.object({ name: text(100), role: z.enum(ROLES).exclude(['admin']), org: identifier(), scopes: z.array(identifier(40)).max(20).default([]) }),
        response: { 201: ApiKeyView.extend({ key: z.string().describe('send as Authorization: Bearer <key> (or Open311 api_key); it cannot be shown again') }), ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      requireKnownIds(ctx.directory, [{ path: 'org', kind: b.role === 'department' ? 'department' : 'jurisdiction', id: b.org }]);
      const key = `${API_KEY_PREFIX}${newSecret()}`;
      const row = await insertApiKey(db, { id: randomUUID(), name: b.name, prefix: key.slice(0, 10), keyHash: secretHash(key), role: b.role, org: b.org, scopes: b.scopes, createdBy: request.principal.sub });
      await audit(db, { actor: request.principal.sub, action: 'api_key_created', target: row.id, ip: request.ip, detail: { name: b.name, role: b.role, org: b.org } });
      return reply.code(201).send({ ...toApiKeyView(row), key });
    },
  );

  app.post(
    '/api-keys/:id/revoke',
    { config: { roles: ['admin'] }, schema: { tags: ['people'], summary: 'revoke an API key: it stops working at once', security, params: z.object({ id: identifier() }), response: { 200: ApiKeyView, ...errors } } },
    async (request) => {
      const row = await revokeApiKey(db, request.params.id, new Date());
      if (!row) throw new HttpProblem(404, 'api-key-not-found', `no API key ${request.params.id}`);
      await audit(db, { actor: request.principal.sub, action: 'api_key_revoked', target: row.id, ip: request.ip });
      return toApiKeyView(row);
    },
  );
};
