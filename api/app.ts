import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Role } from '../schema/actor';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { Principal } from './auth';
import { createAuthenticator, type Authenticator } from './people/authenticator';
import type { SignInPolicy } from './people/sign-in';
import type { CaseService } from './case-service';
import { registerConsole } from './console';
import { createErrorHandler } from './error-handler';
import { caseMetricsProjection, CASE_METRICS } from '../store/projections/case-metrics-projection';
import { projectionLag } from '../store/projections/projector';
import { startProjector } from '../store/projections/run-projector';
import { createApiMetrics, recordRequestMetrics, registerProjectionGauges, type ApiMetrics } from './metrics';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from './problem';
import { actionRoutes } from './routes/actions';
import { caseRoutes } from './routes/cases';
import { directoryRoutes } from './routes/directory';
import { dispatchOptionRoutes } from './routes/dispatch-options';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { streamRoutes } from './routes/stream';
import { notificationRoutes } from './routes/notifications';
import { sessionRoutes } from './routes/session';
import { auditRoutes } from './routes/audit';
import { publicCaseRoutes } from './routes/public-cases';
import { singleSignOnRoutes } from './routes/single-sign-on';
import { createOidc, type OidcSettings } from './people/oidc';
import fastifyCookie from '@fastify/cookie';
import { userRoutes } from './routes/users';
import { apiKeyRoutes } from './routes/api-keys';
import { attachmentRoutes } from './routes/attachments';
import { taskRoutes } from './routes/tasks';
import { startCaseFeed } from './live/case-feed';
import { open311Routes } from './open311/routes';
import { rateLimitOptions } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route; admins always may. Routes without it need no token. */
    roles?: readonly Role[];
    /** The token may come as `access_token` in the query (Server-Sent Events: EventSource sends no headers). */
    queryToken?: boolean;
  }
}

export interface ApiOptions {
  service: CaseService;
  db: Kysely<Database>;
  client: Client;
  directory: Directory;
  jwtSecret: string;
  logger?: FastifyBaseLogger | boolean;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  rateLimit?: { max: number; timeWindowMs: number };
  /** Run the asynchronous metrics projector in this process (one instance at a time holds it). */
  projector?: boolean;
  /** Lock-out and slow-down of password sign-in (default: 5 failures, 15 minutes doubling, 250 ms each). */
  signInPolicy?: SignInPolicy;
  /** Who may scrape /metrics: the bearer of this token; unset, only this machine (loopback). */
  metricsToken?: string;
  /** The per-address limit of the residents' public lookups (default 30 a minute). */
  publicRateLimit?: { max: number; timeWindowMs: number };
  /** Single sign-on through the city's identity provider; none when absent. */
  oidc?: OidcSettings;
  /** The longest a token may live, in seconds (default 30 days). */
  maxTokenLifetimeS?: number;
  /** The most cases one export may hold (default 10,000); a larger one is refused with the count. */
  exportMaxRows?: number;
  /** The built web console to serve under /console/ (default web/dist); false: none. */
  consoleDir?: string | false;
  /** Where attachments are stored and what an upload may be (default: ATTACHMENTS_* of the environment; see attachments/settings.ts). */
  attachments?: import('../attachments/settings').AttachmentOptions;
}

export interface ApiContext extends ApiOptions {
  metrics: ApiMetrics;
  authenticate: Authenticator;
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;

// "expected string, received undefined" tells a client less than "is required".
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) });

/** The HTTP API of CONTRACT.md: `/v1`, OpenAPI at /openapi.json, explorer at /docs, probes and metrics. */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Behind a proxy the client's address is in X-Forwarded-For; rate limits key on tokens anyway.
    trustProxy: true,
    // A URL Fastify cannot read (bad percent-encoding, a parameter too long) is answered as every other error is.
    frameworkErrors: (error, request, reply) => {
      const problem = new HttpProblem(error.statusCode === 414 ? 414 : 400, 'bad-url', `the URL cannot be read: ${error.message}; percent-encode it as UTF-8 and keep ids short`);
      void reply.code(problem.status as never).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.url) as never);
    },
  }).withTypeProvider<ZodTypeProvider>();
  const ctx: ApiContext = {
    ...options,
    metrics: createApiMetrics(),
    authenticate: createAuthenticator({ db: options.db, jwtSecret: options.jwtSecret, directory: options.directory, maxTokenLifetimeS: options.maxTokenLifetimeS }),
  };
  const feed = startCaseFeed(options.db, { onError: (error) => app.log.warn({ err: error }, 'the live case feed could not read the log; retrying') });
  app.addHook('onClose', () => feed.stop());

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(createErrorHandler(ctx.metrics));
  app.setNotFoundHandler((request, reply) => {
    const problem = new HttpProblem(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}; GET /openapi.json lists them`);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem.toProblem(request.url));
  });
  // JSON only: anything else is 415 rather than a body silently read as text.
  app.removeContentTypeParser('text/plain');
  recordRequestMetrics(app, ctx.metrics);

  // The console and the docs are pages a browser runs: they get a content security policy, no
  // framing (clickjacking), no type sniffing, no referrer beyond the origin. No CORS plugin is
  // registered, so other origins' pages cannot read the API.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The component library writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles come from the configured tile server.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Same-origin pages only; the console opens nothing in other windows that needs this relaxed.
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Grassroots Case Engine API',
        version: '1.0.0',
        description: 'Residents\' petitions and livelihood problems: report → classify → route → visit and fix → feedback → close.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(healthRoutes, ctx);
  if (options.consoleDir !== false) await registerConsole(app, options.consoleDir);
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', async (request) => {
        const roles = request.routeOptions.config.roles;
        if (!roles) return;
        const queryToken = request.routeOptions.config.queryToken ? (request.query as { access_token?: unknown }).access_token : undefined;
        const header = request.headers.authorization ?? (typeof queryToken === 'string' ? `Bearer ${queryToken}` : undefined);
        request.principal = await ctx.authenticate(header);
        if (request.principal.role !== 'admin' && !roles.includes(request.principal.role)) {
          throw new HttpProblem(403, 'role-not-allowed', `${request.method} ${request.routeOptions.url} is for ${roles.join(' or ')}, not ${request.principal.role}`);
        }
      });
      // Actions without fields may be posted with no body at all.
      v1.addHook('preValidation', async (request) => {
        if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
      });
      // Per token: after authentication the person is known; before it, the address.
      await v1.register(fastifyRateLimit, rateLimitOptions(ctx.rateLimit, (request) => (request.principal ? `sub:${request.principal.sub}` : undefined)));
      await v1.register(directoryRoutes, ctx);
      await v1.register(caseRoutes, ctx);
      await v1.register(actionRoutes, ctx);
      await v1.register(taskRoutes, ctx);
      await v1.register(metricsRoutes, ctx);
      await v1.register(dispatchOptionRoutes, ctx);
      await v1.register(streamRoutes, { ...ctx, feed });
      await v1.register(notificationRoutes, ctx);
      await v1.register(sessionRoutes, ctx);
      await v1.register(auditRoutes, ctx);
      if (options.oidc) {
        await v1.register(fastifyCookie);
        await v1.register(singleSignOnRoutes, { ...ctx, sso: createOidc(options.oidc, options.db, options.jwtSecret), redirectUri: options.oidc.redirectUri });
      }
      await v1.register(userRoutes, ctx);
      await v1.register(apiKeyRoutes, ctx);
      await v1.register(attachmentRoutes, ctx);
    },
    { prefix: '/v1' },
  );
  await app.register(open311Routes, { ...ctx, prefix: '/open311/v2' });
  await app.register(publicCaseRoutes, { ...ctx, prefix: '/public/v1' });
  registerProjectionGauges(ctx.metrics, CASE_METRICS, () => projectionLag(ctx.db, CASE_METRICS, new Date()));
  if (options.projector) {
    const running = startProjector(ctx.db, caseMetricsProjection(ctx.directory), {
      onBatch: (events, at) => {
        for (const e of events) ctx.metrics.projectionLag.observe({ projection: CASE_METRICS }, (at.getTime() - e.recordedAt.getTime()) / 1000);
      },
      onError: (error) => {
        ctx.metrics.projectionErrors.inc({ projection: CASE_METRICS });
        app.log.error({ err: error, projection: CASE_METRICS }, 'projection batch failed; retrying');
      },
    });
    app.addHook('onClose', () => running.stop());
  }
  await app.ready();
  return app;
}
