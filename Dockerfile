# One image for the worker (npm run worker) and the API (npm run api, which also serves the web
# console). Debian (glibc): the Temporal SDK's native bridge does not run on musl/Alpine.

# The console is built with Vite, a development dependency; only its output goes on.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY web ./web
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
COPY --from=console /app/web/dist ./web/dist
USER node
EXPOSE 3000
CMD ["npm", "run", "worker"]
