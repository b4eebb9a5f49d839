// `npm start`: everything on one machine: Temporal (obtained as the README says), the database
// (PGlite under CASE_DATA_DIR unless DATABASE_URL is set), migrations, the worker and a demo.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildApi } from '../api/app';
import { ensureDemoUsers } from './demo-users';
import { signToken, type TokenClaims } from '../api/auth';
import { createCaseService } from '../api/case-service';
import { loadApiConfig } from '../api/config';
import { loadConfig } from './config';
import { createCaseWorker } from './create-worker';
import { buildWorkflowBundle } from './prebuilt-bundle';
import { runDemo } from './demo';
import { logger } from './logger';
import { openStore } from './open-store';
import { obtainTemporal } from './temporal/obtain';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { loadClassifier } from './classifier';
import { startWorkerRelay } from '../notifications/worker-relay';

const config = loadConfig();
const apiConfig = loadApiConfig(process.env, 'local');
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
const worker = await createCaseWorker({ connection, namespace: config.namespace, taskQueue: config.taskQueue, db: store.db, directory: config.directory, classifier: loadClassifier(config.directory, config.classifierModelFile), workflowBundle: buildWorkflowBundle() });
const running = worker.run();
const relay = startWorkerRelay(store.db, config.directory, logger);

const service = createCaseService({ client, db: store.db, taskQueue: config.taskQueue, policy: config.policy, directory: config.directory });
const api = await buildApi({ service, db: store.db, client, directory: config.directory, jwtSecret: apiConfig.jwtSecret, logger, bodyLimit: apiConfig.bodyLimit, rateLimit: apiConfig.rateLimit, exportMaxRows: apiConfig.exportMaxRows, maxTokenLifetimeS: apiConfig.maxTokenLifetimeS, metricsToken: apiConfig.metricsToken, oidc: apiConfig.oidc, publicRateLimit: apiConfig.publicRateLimit, projector: true });
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: draining the worker, then Temporal and the database');
  await api.close();
  // The SDK's runtime drains the worker on SIGINT and SIGTERM itself; asking again would throw.
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
  await relay?.stop();
  await clientConnection.close();
  await connection.close();
  await store.close();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const demo = await runDemo(service, store.db, logger);
await api.listen({ port: apiConfig.port, host: apiConfig.host });
const apiUrl = `http://${apiConfig.host === '0.0.0.0' ? '127.0.0.1' : apiConfig.host}:${apiConfig.port}`;

/** One person per role in the demo city, with a token that lasts a week. */
const DEMO_PEOPLE: (TokenClaims & { who: string })[] = [
  { who: 'street committee of Liyang street', sub: 'demo.street', role: 'street', org: 'liyang' },
  { who: 'Lixian housing department', sub: 'demo.housing', role: 'department', org: 'lixian-housing' },
  { who: 'Lixian urban management', sub: 'demo.urban', role: 'department', org: 'lixian-urban-management' },
  { who: 'supervisor of Lixian district', sub: 'demo.supervisor', role: 'supervisor', org: 'lixian' },
  { who: 'administrator', sub: 'demo.admin', role: 'admin', org: 'changde' },
];
const tokens = await Promise.all(DEMO_PEOPLE.map(async (p) => ({ ...p, token: await signToken(apiConfig.jwtSecret, p, '7d') })));
const users = await ensureDemoUsers(store.db, DEMO_PEOPLE);

const lines = [
  '',
  'Grassroots Case Engine is running.',
  `  API:         ${apiUrl}/v1  (OpenAPI ${apiUrl}/openapi.json, explorer ${apiUrl}/docs, metrics ${apiUrl}/metrics)`,
  `  Web console: ${apiUrl}/console/  (sign in with a user below, or open a role's link)`,
  '  Users (passwords made for this run):',
  ...users.map((u) => `    ${u.username.padEnd(16)} ${u.password.padEnd(16)} ${u.role.padEnd(10)} ${u.name}`),
  `  Temporal:    ${server.address} (namespace ${config.namespace}, from ${server.source}; state in ${path.join(config.dataDir, 'temporal.db')})`,
  `  Temporal UI: ${server.uiUrl ?? 'not started'}${server.uiUrl ? `/namespaces/${config.namespace}/workflows` : ''}`,
  `  Database:    ${store.describe}`,
  `  Task queue:  ${config.taskQueue}`,
  '  Demo cases:',
  ...demo.map((c) => `    ${c.number ?? c.caseId}  ${c.status.padEnd(17)} ${c.departmentId ?? '(awaiting a dispatcher)'}${c.outcome ? `  outcome ${c.outcome}` : ''}`),
  '  Find them in Temporal: temporal workflow list --address ' + server.address + ` --query "CaseStatus='assigned'"`,
  '  Rebuild and check the read model: npm run rebuild:cases',
  `  API tokens for curl (HS256, valid 7 days; ${apiConfig.jwtSecretGenerated ? 'signed with a random secret made for this run: set AUTH_JWT_SECRET to keep them across restarts' : 'signed with AUTH_JWT_SECRET'}):`,
  ...(apiConfig.jwtSecretGenerated ? [`    secret for this run: ${apiConfig.jwtSecret}`] : []),
  ...tokens.map((t) => `    ${t.role.padEnd(10)} ${t.who}\n      ${t.token}`),
  // The token rides in the URL's fragment, which the browser never sends to the server.
  '  Console, signed in per role:',
  ...tokens.filter((t) => t.role !== 'admin').map((t) => `    ${t.who}: ${apiUrl}/console/#token=${t.token}`),
  '  Try it:',
  `    curl -s -H "Authorization: Bearer ${tokens.find((t) => t.role === 'supervisor')!.token}" '${apiUrl}/v1/cases?status=accepted'`,
  'Press Ctrl+C to stop; open cases survive a restart.',
  '',
];
process.stdout.write(lines.join('\n') + '\n');
