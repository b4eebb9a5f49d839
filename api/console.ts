import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../worker/config';

/** Where `npm run build:web` writes the web console (git-ignored: built by npm start and npm test). */
export const CONSOLE_DIST = path.join(PROJECT_ROOT, 'web', 'dist');
export const CONSOLE_PREFIX = '/console/';

/**
 * The web console: static files under /console/, and / redirects there. The console is one
 * page with hash routes (#/case/…), so the server needs no fallback route for deep links.
 */
export async function registerConsole(app: FastifyInstance, dir: string = CONSOLE_DIST): Promise<void> {
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect(CONSOLE_PREFIX));
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect(CONSOLE_PREFIX));
  if (!existsSync(path.join(dir, 'index.html'))) {
    // The API works without the console; say how to get it rather than answer a bare 404.
    app.get(`${CONSOLE_PREFIX}*`, { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The web console is not built: run npm run build:web (npm start does it) and reload.\n`),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: CONSOLE_PREFIX,
    // swagger-ui registers its own copy of the plugin; only one may decorate the reply.
    decorateReply: false,
    schemaHide: true,
    setHeaders(reply, file) {
      // Built assets carry a content hash in their names; index.html must be checked every time.
      reply.header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
}
