import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createActivities, type CaseActivities } from '../../activities/create-activities';
import { createCaseService } from '../../api/case-service';
import demoCity from '../../config/demo-city.json';
import defaultPolicy from '../../config/default-policy.json';
import { Directory, type DirectoryInput } from '../../schema/directory';
import { CasePolicy, type CasePolicyInput } from '../../schema/policy';
import { createCaseWorker } from '../../worker/create-worker';
import { createTestDatabase } from './test-database';

export interface TestEngineOptions {
  policy?: Partial<CasePolicyInput>;
  database?: 'auto' | 'pglite';
  /** Replaces parts of the demo city's directory, e.g. its working calendar. */
  directory?: Partial<DirectoryInput>;
  /** Wraps the real activities, e.g. to inject a fault. */
  activities?: (real: CaseActivities) => object;
}

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** A fresh database, a worker on its own task queue on the real Temporal server, and a client. */
export async function startTestEngine(opts: TestEngineOptions = {}) {
  quietRuntime();
  const database = await createTestDatabase(opts.database);
  const address = inject('temporalAddress');
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const taskQueue = `test-${randomUUID()}`;
  const directory = Directory.parse({ ...demoCity, ...opts.directory });
  // Most tests submit the same report many times; duplicate linking is tested on its own.
  const policy = CasePolicy.parse({ ...defaultPolicy, duplicateWindow: null, ...opts.policy });
  const real = createActivities({ db: database.db, directory });

  let worker: { worker: Worker; running: Promise<void> } | undefined;
  const startWorker = async () => {
    const w = await createCaseWorker({
      connection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      directory,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: opts.activities ? opts.activities(real) : real,
    });
    worker = { worker: w, running: w.run() };
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.worker.shutdown();
    await worker.running;
    worker = undefined;
  };
  await startWorker();

  return {
    db: database.db,
    client,
    taskQueue,
    policy,
    directory,
    service: createCaseService({ client, db: database.db, taskQueue, policy, directory }),
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await client.connection.close();
      await connection.close();
      await database.drop();
    },
  };
}
/** The event types of a case, in order. */
export async function eventTypes(engine: { service: { events(id: string): Promise<{ event: { type: string } }[]> } }, caseId: string): Promise<string[]> {
  return (await engine.service.events(caseId)).map((e) => e.event.type);
}

export type TestEngine = Awaited<ReturnType<typeof startTestEngine>>;

/** Polls until `check` returns a value; for waiting on timers that fire on the server's clock. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
