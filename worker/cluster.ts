// `npm run cluster`: Temporal's own server (not the dev server) on PostgreSQL, the same topology
// as docker-compose.yml without Docker. Builds the server and its SQL tool once (cached beside
// the CLI), creates and migrates the temporal and temporal_visibility databases on DATABASE_URL's
// server, writes a config (TEMPORAL_SHARDS history shards, Prometheus metrics), starts the
// server, registers the namespace and the case search attributes, prints the address and runs
// until SIGINT/SIGTERM. `-- --build-only` only fills the cache.
import path from 'node:path';
import { PROJECT_ROOT } from './config';
import { logger } from './logger';
import { obtainClusterBinaries } from './temporal/cluster-build';
import { clusterOptionsFromEnv, startCluster } from './temporal/cluster';

const log = logger.child({ component: 'cluster' });
try {
  const opts = clusterOptionsFromEnv(process.env, path.join(PROJECT_ROOT, '.data', 'cluster'));
  const bins = await obtainClusterBinaries(log);
  if (process.argv.includes('--build-only')) {
    log.info(bins, 'Temporal Server and SQL tool are built and cached');
    process.exit(0);
  }
  const cluster = await startCluster(bins, opts, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping Temporal Server');
    await cluster.stop();
    log.info('Temporal Server stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  void cluster.exited.then((code) => {
    if (stopping) return;
    log.fatal({ code, log: cluster.logFile }, 'Temporal Server exited unexpectedly');
    process.exit(1);
  });
  process.stdout.write(
    [
      '',
      `Temporal Server (1.29.1, ${opts.shards} history shards) is running on PostgreSQL.`,
      `  Address:    ${cluster.address}  (namespace ${cluster.namespace}, case search attributes registered)`,
      `  Databases:  ${opts.databases.main}, ${opts.databases.visibility} on ${new URL(opts.databaseUrl).host}`,
      `  Metrics:    ${cluster.metricsUrl}`,
      `  Server log: ${cluster.logFile}`,
      `  Use it:     TEMPORAL_ADDRESS=${cluster.address} npm start   (or npm run worker / npm run api, npm test)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n') + '\n',
  );
} catch (error) {
  log.fatal((error as Error).message);
  process.exit(1);
}
