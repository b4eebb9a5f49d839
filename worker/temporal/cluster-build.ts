import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { findGo, goInstallIntoCache } from './build-cli';
import { cacheDir, isExecutable } from './cli-cache';

/** The server release the CLI embeds (cli v1.5.1), so the dev server and the cluster agree. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the server module, in Go's module cache. */
  schemaDir: string;
}

/** Beside the CLI in the cache: ~/.cache/grassroots-case-engine/temporal/server-v1.29.1/. */
export const clusterBinDir = (env: NodeJS.ProcessEnv = process.env) => path.join(cacheDir(env), `server-${TEMPORAL_SERVER_VERSION}`);

function moduleSchemaDir(go: string, env: NodeJS.ProcessEnv): string {
  const modCache = execFileSync(go, ['env', 'GOMODCACHE'], { env, encoding: 'utf8' }).trim();
  return path.join(modCache, `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
}

/**
 * Temporal's server and its SQL tool, built once with `go install` (minutes of CPU, progress
 * logged) and cached beside the CLI; later calls return at once. The schemas come from the
 * same module version in Go's module cache (downloaded by the build).
 */
export async function obtainClusterBinaries(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ClusterBinaries> {
  const go = findGo(env);
  if (!go) throw new Error('npm run cluster builds Temporal\'s server with Go: install Go 1.24+ (or put it on PATH), or run a server yourself and set TEMPORAL_ADDRESS');
  const dir = clusterBinDir(env);
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  let schemaDir = moduleSchemaDir(go, env);
  if (!isExecutable(server) || !isExecutable(sqlTool) || !existsSync(schemaDir)) {
    await goInstallIntoCache(log, env, {
      what: `Temporal Server ${TEMPORAL_SERVER_VERSION} and its SQL tool`,
      packages: [`${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
      binaries: { server, sql: sqlTool },
    });
    schemaDir = moduleSchemaDir(go, env);
  } else {
    log.info({ server, sqlTool }, `Temporal Server ${TEMPORAL_SERVER_VERSION} found in the cache`);
  }
  if (!existsSync(path.join(schemaDir, 'temporal', 'versioned'))) throw new Error(`the server module's schemas are missing from ${schemaDir}; clear ${dir} to rebuild`);
  return { server, sqlTool, schemaDir };
}
