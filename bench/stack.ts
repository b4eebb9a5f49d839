import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signToken } from '../api/auth';
import defaultPolicy from '../config/default-policy.json';
import { migrateToLatest } from '../schema/migrate';
import { openDatabase, type DatabaseHandle } from '../store/database';
import { PROJECT_ROOT } from '../worker/config';
import { CasePolicy } from '../schema/policy';
import type { Logger } from '../worker/logger';
import { obtainTemporal, type TemporalServer } from '../worker/temporal/obtain';
import { pidsMatching, type Watched } from './process-sampler';

export const CASE_QUEUE = 'bench-cases';
export const FLOOR_QUEUE = 'bench-floor';

export interface Stack {
  server: TemporalServer;
  client: Client;
  db: DatabaseHandle;
  apiUrl: string;
  tokens: { street: string; housing: string; supervisor: string };
  pids: { worker: number; api: number; floorWorker: number };
  /** The processes to sample: the three above, the Temporal dev server and this database's PostgreSQL backends. */
  watched: Record<string, Watched>;
  /** The policy the worker and API run with (duplicate linking off). */
  policy: CasePolicy;
  stop(): Promise<void>;
}

/** BENCH_CPU_PROF=<dir>: the worker and the API write V8 CPU profiles to <dir>/<name> when they exit (one per thread). */
const profileArgs = (name: string) => (process.env.BENCH_CPU_PROF && name !== 'floor-worker' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF, name)}`] : []);

function child(name: string, script: string, env: NodeJS.ProcessEnv, log: Logger): ChildProcess {
  const p = spawn(process.execPath, [...profileArgs(name), '--import', 'tsx', path.join(PROJECT_ROOT, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stderr!.on('data', (d: Buffer) => log.warn({ process: name, stderr: d.toString().slice(0, 500) }, 'child process wrote to stderr'));
  p.stdout!.on('data', () => undefined);
  p.on('exit', (code, signal) => log.info({ process: name, code, signal }, 'child process exited'));
  return p;
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

/**
 * Everything on this machine, as production runs it: a Temporal dev server, a fresh PostgreSQL
 * database, the case worker and the API as processes of their own, and the floor's worker.
 */
export async function startStack(log: Logger): Promise<Stack> {
  const admin = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const adminClient = new pg.Client({ connectionString: admin });
  try {
    await adminClient.connect();
  } catch (error) {
    throw new Error(`the benchmark needs PostgreSQL (its worker and API are separate processes, which PGlite cannot serve): ${(error as Error).message}. Set DATABASE_URL to a server where it may create a database.`);
  }
  await adminClient.query(`create database ${name}`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrateToLatest(db.db);

  const server = await obtainTemporal({ namespace: 'default' }, log);
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  // The same texts are submitted thousands of times: duplicate linking would turn them into one case.
  const policyFile = path.join(os.tmpdir(), `${name}-policy.json`);
  // Parsed as the worker and API parse CASE_POLICY_FILE, so the seeded cases carry the same policy.
  const policy = CasePolicy.parse({ ...defaultPolicy, duplicateWindow: null });
  writeFileSync(policyFile, JSON.stringify(policy));
  const secret = randomBytes(32).toString('hex');
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    DATABASE_URL: url.toString(),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: CASE_QUEUE,
    CASE_POLICY_FILE: policyFile,
    AUTH_JWT_SECRET: secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    API_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'warn',
    BENCH_FLOOR_QUEUE: FLOOR_QUEUE,
  };
  const worker = child('worker', 'worker/main.ts', env, log);
  const api = child('api', 'api/main.ts', env, log);
  const floorWorker = child('floor-worker', 'bench/floor-worker.ts', env, log);
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor('the API', async () => (await fetch(`${apiUrl}/readyz`)).ok);
  const pollers = async (queue: string) =>
    ((await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: queue }, taskQueueType: 1 })).pollers?.length ?? 0) > 0;
  await waitFor('the case worker', () => pollers(CASE_QUEUE));
  await waitFor('the floor worker', () => pollers(FLOOR_QUEUE));

  const tokens = {
    street: await signToken(secret, { sub: 'bench.street', role: 'street', org: 'liyang' }),
    housing: await signToken(secret, { sub: 'bench.housing', role: 'department', org: 'lixian-housing' }),
    supervisor: await signToken(secret, { sub: 'bench.supervisor', role: 'supervisor', org: 'lixian' }),
  };
  return {
    server,
    client,
    db,
    apiUrl,
    tokens,
    pids: { worker: worker.pid!, api: api.pid!, floorWorker: floorWorker.pid! },
    watched: {
      worker: worker.pid!,
      api: api.pid!,
      floorWorker: floorWorker.pid!,
      temporal: pidsMatching((cmd) => cmd.includes('start-dev') && cmd.includes(server.address.split(':').at(-1)!)),
      postgres: pidsMatching((cmd) => cmd.startsWith('postgres:') && cmd.includes(` ${name} `)),
    },
    policy,
    async stop() {
      for (const p of [api, worker, floorWorker]) p.kill('SIGTERM');
      // Profiles are written on exit, which takes longer than a plain shutdown.
      await new Promise((r) => setTimeout(r, process.env.BENCH_CPU_PROF ? 15_000 : 2000));
      for (const p of [api, worker, floorWorker]) if (p.exitCode === null) p.kill('SIGKILL');
      await client.connection.close();
      await db.close();
      await server.stop();
      const cleanup = new pg.Client({ connectionString: admin });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
