# Worker (and, once it lands, API) image. Debian (glibc): the Temporal SDK's native bridge
# does not run on musl/Alpine.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER node
CMD ["npm", "run", "worker"]
