// `npm run worker`: the case worker alone, for production. Configured by TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE and DATABASE_URL.
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { Connection } from '@temporalio/client';
import { loadConfig } from './config';
import { createCaseWorker } from './create-worker';
import { buildWorkflowBundle } from './prebuilt-bundle';
import { logger } from './logger';
import { openStore } from './open-store';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { loadClassifier } from './classifier';
import { startWorkerRelay } from '../notifications/worker-relay';

// The SDK's own logs (and the workflows' wf.log) follow LOG_LEVEL like the rest.
const SDK_LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR' };
Runtime.install({ logger: new DefaultLogger(SDK_LEVELS[process.env.LOG_LEVEL ?? 'info'] ?? 'INFO') });

const config = loadConfig();
if (!config.databaseUrl) {
  logger.fatal('DATABASE_URL is not set: the production worker needs PostgreSQL (npm start runs everything on an embedded database instead)');
  process.exit(2);
}
const address = config.temporalAddress ?? 'localhost:7233';
const store = await openStore(config, logger);
const client = await Connection.connect({ address });
const added = await ensureSearchAttributes(client, config.namespace);
if (added.length) logger.info({ added }, 'registered case search attributes');
await client.close();
const connection = await NativeConnection.connect({ address });
const worker = await createCaseWorker({ connection, namespace: config.namespace, taskQueue: config.taskQueue, db: store.db, directory: config.directory, classifier: loadClassifier(config.directory, config.classifierModelFile), workflowBundle: buildWorkflowBundle() });
const relay = startWorkerRelay(store.db, config.directory, logger);
logger.info({ address, namespace: config.namespace, taskQueue: config.taskQueue, database: store.describe }, 'case worker running');
await worker.run();
await relay?.stop();
await connection.close();
await store.close();
