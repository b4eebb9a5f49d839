# One image for the worker and the API (which also serves the web console), built once:
#   build:   npm ci, the console (Vite), the entry points bundled to dist/*.mjs and the
#            workflow bundle prebuilt to dist/workflows.js (infra/build-dist.ts);
#   runtime: production dependencies only (npm prune --omit=dev) and plain `node` — no tsx,
#            Vite, webpack bundling or @temporalio/testing at run time.
# Debian (glibc): the Temporal SDK's native bridge does not run on musl/Alpine.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:web \
 && node --import tsx infra/build-dist.ts \
 && npm prune --omit=dev \
 && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    CASE_WORKFLOW_BUNDLE=/app/dist/workflows.js
# No TypeScript sources at run time: dist/ (migrations included), config/ (directory, policy,
# classifier model, read at start) and the console. dist/ sits one level below /app like worker/,
# so PROJECT_ROOT, config/ and web/dist/ resolve as they do under tsx.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 3000
# docker-compose.yml runs `node dist/worker.mjs` and `node dist/api.mjs` with `init: true`.
CMD ["node", "dist/worker.mjs"]
