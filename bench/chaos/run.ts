// `npm run chaos [-- options]`: the production topology on this machine under steady load while
// the worker, the API, PostgreSQL and the Temporal server are killed and restarted on a schedule;
// then every case, event, read model and answer is checked. See bench/chaos/options.ts.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../worker/config';
import { logger } from '../../worker/logger';
import { openDatabase } from '../../store/database';
import { writeBenchmarkSection } from '../benchmarks-file';
import { codeVersion } from './code-version';
import { checkCases, checkEvents, checkMetrics, checkReadModel, type CheckResult } from './checks';
import { FaultLog } from './fault-log';
import { FaultSchedule, type Fault } from './fault-schedule';
import { parseOptions, UsageError, type ChaosOptions } from './options';
import { PostgresCluster } from './postgres-cluster';
import { summarise } from './report';
import { retryingClient } from './retrying-request';
import { adminUrl, createRunDatabase, dropRunDatabase } from './run-database';
import { untilSettled } from './settle';
import { steadyLoad, type LoadState } from './steady-load';
import { startTopology, type Topology } from './topology';

const log = logger.child({ chaos: true });

let options: ChaosOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof UsageError && (error as Error).message.startsWith('usage:') ? 0 : 2);
}

const startedAt = Date.now();
const code = codeVersion();
const runId = `chaos-${startedAt.toString(36)}-${randomBytes(2).toString('hex')}`;
const faults = new FaultLog(options.graceSeconds * 1000);
const downMs = options.downSeconds * 1000;

let cluster: PostgresCluster;
try {
  cluster = await PostgresCluster.find(options.pgCluster, adminUrl());
} catch (error) {
  log.fatal((error as Error).message);
  process.exit(2);
}
log.warn({ cluster: cluster.label }, `this run restarts and kills PostgreSQL cluster ${cluster.label}: every database on it is cut off several times; run it where nobody else needs that server (or under the lock they agreed on)`);

const database = await createRunDatabase();
log.info({ database: database.name }, 'created the run database');
let topology: Topology | undefined;
let exitCode = 1;
try {
  topology = await startTopology({ runId, databaseUrl: database.url, faults, restartDelayMs: downMs, log });
  const t = topology;
  log.info({ api: t.apiUrl, temporal: t.temporal.address, clients: options.clients, cases: options.cases, rounds: options.rounds }, 'topology up; starting the load and the faults');

  const kinds: Fault[] = [
    { name: 'worker SIGKILL', inject: () => t.worker.kill() },
    { name: 'api SIGKILL', inject: () => t.api.kill() },
    { name: 'PostgreSQL restart (pg_ctlcluster restart)', inject: () => cluster.restart() },
    { name: 'PostgreSQL postmaster SIGKILL, then start (crash recovery)', inject: () => cluster.killPostmaster(downMs) },
    { name: 'Temporal server SIGKILL, then start on its state file', inject: () => t.temporal.killAndRestart(downMs) },
  ];
  const schedule = new FaultSchedule(kinds, {
    gapMs: options.gapSeconds * 1000,
    log,
    faults,
    beforeEach: async () => {
      await t.worker.settled();
      await t.api.settled();
    },
  });
  const state: LoadState = { started: 0, outcomes: [], attempts: [] };
  const send = retryingClient(t.apiUrl, { timeoutMs: 60_000, giveUpMs: options.giveUpSeconds * 1000, record: (a) => state.attempts.push(a) });
  // No new case once there are enough and every fault has had its rounds; then no new fault either.
  const keepGoing = () => {
    const more = state.started < options.cases || schedule.roundsDone < options.rounds;
    if (!more) schedule.stop();
    return more;
  };

  const progress = setInterval(() => {
    const tries = state.attempts;
    log.info(
      {
        casesStarted: state.started,
        casesClosed: state.outcomes.filter((o) => o.closed).length,
        requests: tries.filter((a) => !a.retry).length,
        retries: tries.filter((a) => a.retry).length,
        fivexx: tries.filter((a) => (a.status ?? 0) >= 500).length,
        noAnswer: tries.filter((a) => a.status === null).length,
        faultsInjected: schedule.injected,
        roundsDone: schedule.roundsDone,
        down: faults.current() ?? null,
      },
      'progress',
    );
  }, 10_000);

  const loadStartedAt = Date.now();
  const scheduled = schedule.run();
  const loaded = steadyLoad({ clients: options.clients, runId, send, tokens: t.tokens, state, keepGoing });
  // A fault that cannot be injected or recovered from stops the run at once (Promise.all rejects).
  await Promise.all([scheduled, loaded]);
  clearInterval(progress);
  const loadEndedAt = state.endedAt ?? Date.now();
  log.info({ cases: state.outcomes.length, seconds: Math.round((loadEndedAt - loadStartedAt) / 1000) }, 'load done; waiting for the engine to settle');

  const handle = await openDatabase({ url: database.url, poolSize: 4 });
  let checks: CheckResult[];
  let events = 0;
  let settleMs: number | undefined;
  try {
    const leftOpen = state.outcomes.filter((o) => o.id && !o.closed).length;
    const settled = await untilSettled(handle.db, leftOpen, 180);
    settleMs = settled.ms;
    log.info({ settleMs, open: settled.open, eventsBehind: settled.eventsBehind }, settleMs === undefined ? 'did not settle within 180 s' : 'settled; checking');
    const ids = state.outcomes.flatMap((o) => (o.id ? [o.id] : []));
    const eventCheck = await checkEvents(handle.db);
    events = eventCheck.events;
    checks = [await checkCases(handle.db, ids), eventCheck, await checkReadModel(handle.db), await checkMetrics(handle.db, loadConfig().directory)];
  } finally {
    await handle.close();
  }

  const { lines, failures } = summarise({
    options,
    startedAt,
    loadStartedAt,
    loadEndedAt,
    finishedAt: Date.now(),
    settleMs,
    faults,
    faultKinds: kinds.map((k) => k.name),
    rounds: options.rounds,
    outcomes: state.outcomes,
    attempts: state.attempts,
    events,
    checks,
    temporalSource: t.temporal.source,
    database: database.name,
    pgCluster: cluster.label,
    code,
  });
  const title = options.scale === 1 ? '## Chaos (`npm run chaos`)' : `## Chaos at ${options.scale}× the quick run's load (\`npm run chaos -- --scale ${options.scale}\`)`;
  const section = [title, '', ...lines];
  process.stdout.write(`\n${section.join('\n')}\n`);
  if (options.write) {
    writeBenchmarkSection(options.scale === 1 ? 'chaos' : `chaos-x${options.scale}`, section);
    process.stdout.write('written to BENCHMARKS.md\n');
  }
  exitCode = failures.length ? 1 : 0;
} catch (error) {
  log.fatal({ err: error }, `the chaos run stopped: ${(error as Error).message}`);
} finally {
  await topology?.stop().catch((e) => log.warn({ err: e }, 'stopping the topology failed'));
  // Whatever happened, the machine's PostgreSQL is left running and the run's database dropped.
  await cluster
    .ensureRunning()
    .then(() => dropRunDatabase(database.name))
    .catch((e) => log.error({ err: e }, `could not restore PostgreSQL or drop ${database.name}: start it with pg_ctlcluster ${options.pgCluster.version} ${options.pgCluster.name} start and drop the database by hand`));
}
process.exit(exitCode);
