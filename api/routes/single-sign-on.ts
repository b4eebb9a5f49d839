import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../app';
import { CONSOLE_PREFIX } from '../console';
import type { Oidc } from '../people/oidc';
import { startSession } from '../people/sessions';
import { Problem } from '../problem';

const COOKIE = 'gce_oidc';
const COOKIE_PATH = '/v1/session/oidc';

/** Single sign-on through the city's identity provider (when configured): start, and the provider's callback. */
export const singleSignOnRoutes: FastifyPluginAsyncZod<ApiContext & { sso: Oidc; redirectUri: string }> = async (app, ctx) => {
  // Over https the cookie is sent only over https; a provider on this machine (tests, a demo) speaks http.
  const secure = ctx.redirectUri.startsWith('https:');
  app.get(
    '/session/oidc',
    { schema: { tags: ['people'], summary: 'sign in through the city\'s identity provider: redirects there', response: { 302: z.null(), 503: Problem } } },
    async (_request, reply) => {
      const { url, cookie } = await ctx.sso.start();
      reply.setCookie(COOKIE, cookie, { httpOnly: true, sameSite: 'lax', path: COOKIE_PATH, secure, maxAge: 600 });
      return reply.redirect(url);
    },
  );

  app.get(
    '/session/oidc/callback',
    {
      schema: {
        tags: ['people'],
        summary: 'where the identity provider sends the browser back: signs in and opens the console',
        querystring: z.object({}).catchall(z.string().max(4000)),
        response: { 302: z.null(), 400: Problem, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const callbackUrl = new URL(request.url, ctx.redirectUri);
      const user = await ctx.sso.finish(callbackUrl, request.cookies[COOKIE], request.ip);
      const session = await startSession(ctx.db, ctx.jwtSecret, user);
      reply.clearCookie(COOKIE, { path: COOKIE_PATH });
      // In the fragment: the browser keeps it to itself, no server log or referrer sees it.
      return reply.redirect(`${CONSOLE_PREFIX}#token=${encodeURIComponent(session.token)}&refresh=${encodeURIComponent(session.refreshToken)}`);
    },
  );
};
