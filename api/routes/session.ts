import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identifier, storableString } from '../../schema/text';
import { revokeSession } from '../../store/people/sessions';
import { userById } from '../../store/people/users';
import type { ApiContext } from '../app';
import { refreshSession } from '../people/sessions';
import { secretHash } from '../people/secrets';
import { signIn } from '../people/sign-in';
import { toUserView, UserView } from '../people/views';
import { HttpProblem, Problem } from '../problem';

const SignedIn = z
  .object({
    token: z.string().describe('the access token: Authorization: Bearer <token>'),
    expiresAt: z.iso.datetime({ offset: true }),
    refreshToken: z.string().describe('swap it at POST /v1/session/refresh before expiresAt for a new token; it works once'),
    user: z.object({ id: z.string(), username: z.string(), name: z.string(), role: z.string(), org: z.string() }),
  })
  .meta({ id: 'SignedIn' });
const RefreshBody = z.object({ refreshToken: identifier(200) });
const errors = { 400: Problem, 401: Problem, 429: Problem, 503: Problem };

/** Signing in and staying signed in (CONTRACT.md "People"). */
export const sessionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, ctx) => {
  app.post(
    '/session',
    {
      schema: {
        tags: ['people'],
        summary: 'sign in with a username and password',
        body: z.object({ username: identifier(64), password: storableString().min(1).max(200) }),
        response: { 200: SignedIn, ...errors },
      },
    },
    async (request) => signIn(ctx.db, ctx.jwtSecret, { username: request.body.username, password: request.body.password, ip: request.ip }, ctx.signInPolicy),
  );

  app.post(
    '/session/refresh',
    { schema: { tags: ['people'], summary: 'a new access token for a refresh token (which is replaced)', body: RefreshBody, response: { 200: SignedIn, ...errors } } },
    async (request) => {
      const signedIn = await refreshSession(ctx.db, ctx.jwtSecret, request.body.refreshToken);
      if (!signedIn) throw new HttpProblem(401, 'session-ended', 'the session has ended (signed out, expired, or the account disabled); sign in again');
      return signedIn;
    },
  );

  app.post(
    '/session/sign-out',
    { schema: { tags: ['people'], summary: 'end the session of a refresh token', body: RefreshBody, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await revokeSession(ctx.db, secretHash(request.body.refreshToken), new Date());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { roles: ['street', 'department', 'supervisor', 'admin'] },
      schema: {
        tags: ['people'],
        summary: 'who you are signed in as',
        security: [{ bearerAuth: [] }],
        response: { 200: z.object({ sub: z.string(), role: z.string(), org: z.string(), user: UserView.nullable() }), 401: Problem },
      },
    },
    async (request) => {
      const who = request.principal;
      const user = who.uid === undefined ? undefined : await userById(ctx.db, who.uid);
      return { sub: who.sub, role: who.role, org: who.org, user: user ? toUserView(user) : null };
    },
  );
};
