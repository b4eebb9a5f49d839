import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../activities/create-activities';
import { PROJECT_ROOT } from './config';

export interface CaseWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests bundle once for all workers); otherwise bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Replaces activities, e.g. to inject a fault in a test; defaults to the real ones. */
  activities?: object;
}

export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

/**
 * How many case workflows stay in the worker's memory between tasks. The SDK sizes its cache
 * from the heap limit (thousands on a large machine, about 2 MB each); cases wait days between
 * steps, so a small cache costs one replay per step and keeps the worker's memory flat however
 * many cases are open. WORKER_MAX_CACHED_WORKFLOWS overrides it.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? DEFAULT_MAX_CACHED_WORKFLOWS),
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: opts.activities ?? createActivities(opts),
  });
}
