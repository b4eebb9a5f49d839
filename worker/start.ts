// `npm start`: everything on one machine: Temporal (obtained as the README says), the database
// (PGlite under CASE_DATA_DIR unless DATABASE_URL is set), migrations, the worker and a demo.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createCaseService } from '../api/case-service';
import { loadConfig } from './config';
import { createCaseWorker } from './create-worker';
import { runDemo } from './demo';
import { logger } from './logger';
import { openStore } from './open-store';
import { obtainTemporal } from './temporal/obtain';
import { ensureSearchAttributes } from './temporal/search-attributes';

const config = loadConfig();
mkdirSync(config.dataDir, { recursive: true });
const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
const server = await obtainTemporal(
  { namespace: config.namespace, dbFilename: path.join(config.dataDir, 'temporal.db'), port: temporalPort, uiPort: Number(process.env.TEMPORAL_UI_PORT ?? temporalPort + 1000) },
  logger,
);
const store = await openStore(config, logger);
const clientConnection = await Connection.connect({ address: server.address });
await ensureSearchAttributes(clientConnection, config.namespace);
const client = new Client({ connection: clientConnection, namespace: config.namespace });
const connection = await NativeConnection.connect({ address: server.address });
const worker = await createCaseWorker({ connection, namespace: config.namespace, taskQueue: config.taskQueue, db: store.db, directory: config.directory });
const running = worker.run();

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: draining the worker, then Temporal and the database');
  worker.shutdown();
  await running;
  await clientConnection.close();
  await connection.close();
  await store.close();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const service = createCaseService({ client, db: store.db, taskQueue: config.taskQueue, policy: config.policy });
const demo = await runDemo(service, logger);

const lines = [
  '',
  'Grassroots Case Engine is running.',
  `  Temporal:    ${server.address} (namespace ${config.namespace}, from ${server.source}; state in ${path.join(config.dataDir, 'temporal.db')})`,
  `  Temporal UI: ${server.uiUrl ?? 'not started'}${server.uiUrl ? `/namespaces/${config.namespace}/workflows` : ''}`,
  `  Database:    ${store.describe}`,
  `  Task queue:  ${config.taskQueue}`,
  '  Demo cases:',
  ...demo.map((c) => `    ${c.caseId}  ${c.status.padEnd(17)} ${c.departmentId ?? '(awaiting a dispatcher)'}${c.outcome ? `  outcome ${c.outcome}` : ''}`),
  '  Find them in Temporal: temporal workflow list --address ' + server.address + ` --query "CaseStatus='assigned'"`,
  '  Rebuild and check the read model: npm run rebuild:cases',
  'Press Ctrl+C to stop; open cases survive a restart.',
  '',
];
process.stdout.write(lines.join('\n') + '\n');
