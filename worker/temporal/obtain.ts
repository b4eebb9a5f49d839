import { TestWorkflowEnvironment, type EphemeralServerExecutable } from '@temporalio/testing';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { Logger } from '../logger';
import { buildCliWithGo } from './build-cli';
import { goBuiltCliPath, isExecutable, onPath, sdkDownloadDir } from './cli-cache';

export interface TemporalServer {
  address: string;
  uiUrl: string | null;
  /** How it was obtained, for logs and the README's troubleshooting. */
  source: 'TEMPORAL_ADDRESS' | 'TEMPORAL_CLI_PATH' | 'PATH' | 'go-build-cache' | 'sdk-download' | 'go-build';
  stop(): Promise<void>;
}

export interface DevServerOptions {
  namespace: string;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFilename?: string;
  port?: number;
  /** The Web UI's port; no UI when absent. */
  uiPort?: number;
}

/**
 * A Temporal server, obtained in the brief's order: a server at TEMPORAL_ADDRESS; a `temporal`
 * CLI at TEMPORAL_CLI_PATH or on PATH (or built earlier and cached); the SDK's download;
 * finally `go install` of the CLI, cached for next time.
 */
export async function obtainTemporal(opts: DevServerOptions, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<TemporalServer> {
  if (env.TEMPORAL_ADDRESS) {
    return { address: env.TEMPORAL_ADDRESS, uiUrl: env.TEMPORAL_UI_URL ?? null, source: 'TEMPORAL_ADDRESS', stop: async () => {} };
  }
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutable(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file; point it at a temporal CLI or unset it`);
    return startDevServer({ type: 'existing-path', path: env.TEMPORAL_CLI_PATH }, 'TEMPORAL_CLI_PATH', opts, log);
  }
  const onPathCli = onPath('temporal', env);
  if (onPathCli) return startDevServer({ type: 'existing-path', path: onPathCli }, 'PATH', opts, log);
  const cached = goBuiltCliPath(env);
  if (isExecutable(cached)) return startDevServer({ type: 'existing-path', path: cached }, 'go-build-cache', opts, log);
  try {
    return await startDevServer({ type: 'cached-download', downloadDir: sdkDownloadDir(env) }, 'sdk-download', opts, log);
  } catch (error) {
    log.warn({ err: (error as Error).message }, 'the SDK could not download the Temporal CLI; building it with Go instead');
  }
  const built = await buildCliWithGo(log, env);
  return startDevServer({ type: 'existing-path', path: built }, 'go-build', opts, log);
}

async function startDevServer(
  executable: EphemeralServerExecutable,
  source: TemporalServer['source'],
  opts: DevServerOptions,
  log: Logger,
): Promise<TemporalServer> {
  const started = Date.now();
  const testEnv = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      namespace: opts.namespace,
      ip: '127.0.0.1',
      port: opts.port,
      ui: opts.uiPort !== undefined,
      uiPort: opts.uiPort,
      dbFilename: opts.dbFilename,
      searchAttributes: [...CASE_SEARCH_ATTRIBUTES],
      log: { format: 'json', level: 'warn' },
    },
  });
  const address = testEnv.address;
  log.info({ source, address, dbFilename: opts.dbFilename ?? 'memory', ms: Date.now() - started }, 'Temporal dev server started');
  return {
    address,
    uiUrl: opts.uiPort !== undefined ? `http://127.0.0.1:${opts.uiPort}` : null,
    source,
    stop: () => testEnv.teardown(),
  };
}
