import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../api/auth';
import defaultPolicy from '../../config/default-policy.json';
import { CasePolicy } from '../../schema/policy';
import type { Logger } from '../../worker/logger';
import type { Tokens } from './case-loop';
import type { FaultLog } from './fault-log';
import { SupervisedProcess } from './supervised-process';
import { TemporalOnStateFile } from './temporal-server';

export const CHAOS_QUEUE = 'chaos-cases';

export interface Topology {
  temporal: TemporalOnStateFile;
  /** The chaos run's own client, to see the worker's pollers. */
  client: Client;
  worker: SupervisedProcess;
  api: SupervisedProcess;
  apiUrl: string;
  tokens: Tokens;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Production's shape on this machine: a Temporal dev server on a state file, the run's database,
 * and the case worker and the API as processes of their own (as bench/stack.ts starts them),
 * each under a supervisor that starts it again when it exits.
 */
export async function startTopology(opts: { runId: string; databaseUrl: string; faults: FaultLog; restartDelayMs: number; log: Logger }): Promise<Topology> {
  const { log } = opts;
  const stateFile = path.join(os.tmpdir(), `${opts.runId}-temporal.db`);
  const temporal = await TemporalOnStateFile.start(await freePort(), stateFile, log);
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  // The same text is submitted over and over: duplicate linking would make them one case.
  const policyFile = path.join(os.tmpdir(), `${opts.runId}-policy.json`);
  writeFileSync(policyFile, JSON.stringify(CasePolicy.parse({ ...defaultPolicy, duplicateWindow: null })));
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const env = {
    DATABASE_URL: opts.databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: CHAOS_QUEUE,
    CASE_POLICY_FILE: policyFile,
    AUTH_JWT_SECRET: secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    API_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'warn',
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  const polling = async (pid: number) => {
    const d = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: CHAOS_QUEUE }, taskQueueType: 1 });
    return (d.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`));
  };
  const common = { env, restartDelayMs: opts.restartDelayMs, faults: opts.faults, log };
  const worker = new SupervisedProcess({ ...common, name: 'worker', script: 'worker/main.ts', ready: polling });
  const api = new SupervisedProcess({ ...common, name: 'api', script: 'api/main.ts', ready: async () => (await fetch(`${apiUrl}/readyz`, { signal: AbortSignal.timeout(3000) })).ok });
  await Promise.all([worker.start(), api.start()]);
  const tokens = {
    street: await signToken(secret, { sub: 'chaos.street', role: 'street', org: 'liyang' }),
    housing: await signToken(secret, { sub: 'chaos.housing', role: 'department', org: 'lixian-housing' }),
  };
  return {
    temporal,
    client,
    worker,
    api,
    apiUrl,
    tokens,
    async stop() {
      await Promise.all([api.stop(), worker.stop()]);
      await client.connection.close().catch(() => undefined);
      await temporal.stop();
      for (const file of [stateFile, `${stateFile}-wal`, `${stateFile}-shm`, policyFile]) rmSync(file, { force: true });
    },
  };
}
