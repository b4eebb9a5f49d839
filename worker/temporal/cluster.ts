import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { Logger } from '../logger';
import type { ClusterBinaries } from './cluster-build';
import { ensureSearchAttributes } from './search-attributes';

const run = promisify(execFile);

export interface ClusterOptions {
  /** A PostgreSQL server URL; its host, port, user and password are used, its database name is not. */
  databaseUrl: string;
  /** Databases created on it for Temporal's persistence and visibility. */
  databases: { main: string; visibility: string };
  /** History shards: fixed when the database is first set up. */
  shards: number;
  /** The frontend's gRPC port; the other services take ports beside it. */
  port: number;
  metricsPort: number;
  namespace: string;
  retentionDays: number;
  /** Where the config and the server's log go. */
  dir: string;
}

export function clusterOptionsFromEnv(env: NodeJS.ProcessEnv, defaultDir: string): ClusterOptions {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw} is not a positive whole number`);
    return n;
  };
  return {
    databaseUrl: env.TEMPORAL_DATABASE_URL || env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432',
    databases: { main: env.TEMPORAL_DB || 'temporal', visibility: env.TEMPORAL_VISIBILITY_DB || 'temporal_visibility' },
    shards: int('TEMPORAL_SHARDS', 4),
    port: int('TEMPORAL_PORT', 7233),
    metricsPort: int('TEMPORAL_METRICS_PORT', 8000),
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    retentionDays: int('TEMPORAL_RETENTION_DAYS', 30),
    dir: path.resolve(env.TEMPORAL_CLUSTER_DIR || defaultDir),
  };
}

interface PgServer { host: string; port: number; user: string; password: string }

function pgServer(url: string): PgServer {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL (or TEMPORAL_DATABASE_URL) is not a URL: set it to postgresql://user:password@host:5432`);
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error(`${u.protocol} is not PostgreSQL: set DATABASE_URL (or TEMPORAL_DATABASE_URL) to postgresql://user:password@host:5432`);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password) };
}

/**
 * Creates the two databases when missing and migrates both to the server's schema with
 * temporal-sql-tool (create and setup-schema change nothing on a database that has them;
 * update-schema applies only missing versions).
 */
export async function migrateClusterDatabases(bins: ClusterBinaries, opts: ClusterOptions, log: Logger): Promise<void> {
  const pg = pgServer(opts.databaseUrl);
  for (const [db, dir] of [[opts.databases.main, 'temporal'], [opts.databases.visibility, 'visibility']] as const) {
    const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', db];
    for (const step of [['create'], ['setup-schema', '-v', '0.0'], ['update-schema', '-d', path.join(bins.schemaDir, dir, 'versioned')]]) {
      try {
        await run(bins.sqlTool, [...base, ...step], { env: { ...process.env, SQL_PASSWORD: pg.password }, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter((l) => /error|fatal|fail/i.test(l)).slice(-5).join('\n');
        throw new Error(`temporal-sql-tool ${step[0]} on database ${db} at ${pg.host}:${pg.port} as ${pg.user} failed (is PostgreSQL running there, and may that user create databases? set DATABASE_URL or TEMPORAL_DATABASE_URL):\n${tail || e.message}`);
      }
    }
    log.info({ database: db, server: `${pg.host}:${pg.port}` }, 'Temporal schema created or brought up to date');
  }
}

/** The server's static config (YAML is a superset of JSON), from the module's development-postgres12.yaml. */
export function clusterConfig(opts: ClusterOptions, dynamicConfigFile: string): object {
  const pg = pgServer(opts.databaseUrl);
  const sql = (databaseName: string, maxConns: number) => ({
    sql: { pluginName: 'postgres12', databaseName, connectAddr: `${pg.host}:${pg.port}`, connectProtocol: 'tcp', user: pg.user, password: pg.password, maxConns, maxIdleConns: maxConns, maxConnLifetime: '1h' },
  });
  const p = opts.port;
  // As Temporal's defaults (7233/7234/7235/7239, membership 6933…) for the default port.
  const service = (grpcPort: number, extra: object = {}) => ({ rpc: { grpcPort, membershipPort: grpcPort - 300, bindOnLocalHost: true, ...extra } });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: opts.shards,
      datastores: { 'postgres-default': sql(opts.databases.main, 20), 'postgres-visibility': sql(opts.databases.visibility, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${opts.metricsPort}` } },
    },
    services: { frontend: service(p, { httpPort: p + 10 }), history: service(p + 1), matching: service(p + 2), worker: service(p + 6) },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `localhost:${p}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

const DYNAMIC_CONFIG = `# Written by npm run cluster (worker/temporal/cluster.ts).
limit.maxIDLength:
  - value: 255
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
frontend.enableExecuteMultiOperation:
  - value: true
# Search attributes added a moment ago are accepted at once (tests start cases right after
# setup); costs a read per validation, acceptable for a local or CI cluster.
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`;

export interface RunningCluster {
  address: string;
  metricsUrl: string;
  namespace: string;
  logFile: string;
  /** Resolves when the server exits by itself (a crash), with its exit code. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Migrates, writes the config, starts the server and waits until the namespace and the case search attributes are usable. */
export async function startCluster(bins: ClusterBinaries, opts: ClusterOptions, log: Logger): Promise<RunningCluster> {
  await migrateClusterDatabases(bins, opts, log);
  const configDir = path.join(opts.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(path.join(configDir, 'development.yaml'), JSON.stringify(clusterConfig(opts, dynamicConfigFile), null, 2) + '\n', { mode: 0o600 });
  const logFile = path.join(opts.dir, 'server.log');
  const out = createWriteStream(logFile, { flags: 'a' });
  const started = Date.now();
  const child: ChildProcess = spawn(bins.server, ['--root', opts.dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
  const address = `127.0.0.1:${opts.port}`;
  log.info({ address, shards: opts.shards, config: path.join(configDir, 'development.yaml'), log: logFile }, 'starting Temporal Server');

  const stop = async () => {
    if (!dead) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
  };

  try {
    const until = Date.now() + 120_000;
    let connection: Connection | undefined;
    while (!connection) {
      if (dead) throw new Error(`Temporal Server exited during start-up; the end of ${logFile}:\n${tail()}`);
      if (Date.now() > until) throw new Error(`Temporal Server did not answer at ${address} within 120 s; the end of ${logFile}:\n${tail()}`);
      try {
        const c = await Connection.connect({ address, connectTimeout: 2_000 });
        await c.workflowService.getSystemInfo({});
        connection = c;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    try {
      await connection.workflowService.describeNamespace({ namespace: opts.namespace });
    } catch {
      await connection.workflowService.registerNamespace({ namespace: opts.namespace, workflowExecutionRetentionPeriod: msToTs(`${opts.retentionDays} days`) });
      log.info({ namespace: opts.namespace, retentionDays: opts.retentionDays }, 'namespace registered');
    }
    // The frontend serves a new namespace once its cache has it (up to about 10 s).
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace: opts.namespace, pageSize: 1 });
        break;
      } catch (error) {
        if (Date.now() > until) throw new Error(`namespace ${opts.namespace} is not served: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const added = await ensureSearchAttributes(connection, opts.namespace);
    if (added.length) log.info({ added }, 'case search attributes registered');
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: opts.namespace });
    const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !(k.name in (customAttributes ?? {})));
    if (missing.length) throw new Error(`search attributes missing after registration: ${missing.map((k) => k.name).join(', ')}`);
    await connection.close();
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ address, ms: Date.now() - started }, 'Temporal Server ready');
  return { address, metricsUrl: `http://127.0.0.1:${opts.metricsPort}/metrics`, namespace: opts.namespace, logFile, exited, stop };
}
