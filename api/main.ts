// `npm run api`: the HTTP API alone, for production. Configured by TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, DATABASE_URL, AUTH_JWT_SECRET and PORT.
import { Client } from '@temporalio/client';
import { loadConfig } from '../worker/config';
import { logger } from '../worker/logger';
import { openStore } from '../worker/open-store';
import { buildApi } from './app';
import { createCaseService } from './case-service';
import { loadApiConfig } from './config';
import { apiTemporalConnection } from './temporal-connection';

const config = loadConfig();
let apiConfig;
try {
  apiConfig = loadApiConfig(process.env, 'production');
} catch (error) {
  logger.fatal((error as Error).message);
  process.exit(2);
}
if (!config.databaseUrl) {
  logger.fatal('DATABASE_URL is not set: the production API needs PostgreSQL (npm start runs everything on an embedded database instead)');
  process.exit(2);
}
const address = config.temporalAddress ?? 'localhost:7233';
const store = await openStore(config, logger);
const connection = apiTemporalConnection(address);
const client = new Client({ connection, namespace: config.namespace });
const service = createCaseService({ client, db: store.db, taskQueue: config.taskQueue, policy: config.policy, directory: config.directory });
const app = await buildApi({ service, db: store.db, client, directory: config.directory, jwtSecret: apiConfig.jwtSecret, logger, bodyLimit: apiConfig.bodyLimit, rateLimit: apiConfig.rateLimit, exportMaxRows: apiConfig.exportMaxRows, maxTokenLifetimeS: apiConfig.maxTokenLifetimeS, metricsToken: apiConfig.metricsToken, oidc: apiConfig.oidc, publicRateLimit: apiConfig.publicRateLimit, projector: true });
await app.listen({ port: apiConfig.port, host: apiConfig.host });
logger.info({ port: apiConfig.port, temporal: address, namespace: config.namespace, taskQueue: config.taskQueue, database: store.describe }, 'case API listening');

const stop = async (signal: string) => {
  logger.info({ signal }, 'shutting down the API: finishing requests in flight');
  await app.close();
  await connection.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
