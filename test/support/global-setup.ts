import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { logger } from '../../worker/logger';
import { obtainTemporal } from '../../worker/temporal/obtain';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
    /** A server where tests may create databases, or null to run on PGlite. */
    postgresAdminUrl: string | null;
  }
}

const DEFAULT_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function reachablePostgres(): Promise<string | null> {
  // Proves `npm test` passes on a machine without PostgreSQL.
  if (process.env.CASE_TEST_DATABASE === 'pglite') return null;
  const url = process.env.DATABASE_URL || DEFAULT_POSTGRES;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch (error) {
    if (process.env.DATABASE_URL) throw new Error(`DATABASE_URL is set but unreachable: ${(error as Error).message}`);
    logger.warn({ url }, 'no PostgreSQL reachable; integration tests run on embedded PGlite');
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject) {
  const log = logger.child({ phase: 'test-setup' });
  const [server, postgresAdminUrl, bundle] = await Promise.all([
    obtainTemporal({ namespace: 'default' }, log),
    reachablePostgres(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined }),
  ]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gce-bundle-'));
  const workflowBundlePath = path.join(dir, 'workflows.js');
  writeFileSync(workflowBundlePath, bundle.code);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('postgresAdminUrl', postgresAdminUrl);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
