# One image for the worker (npm run worker) and the API (npm run api). Debian (glibc): the Temporal SDK's native bridge
# does not run on musl/Alpine.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
CMD ["npm", "run", "worker"]
