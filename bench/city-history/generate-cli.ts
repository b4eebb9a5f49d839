// `npm run generate:city -- --cases 1000000 [--database-url URL] [--seed N] [--months 12]`
// Writes a simulated city history (cases and the events the workflow would have produced)
// straight into a fresh PostgreSQL database, for benchmarks of queries and projections.
// Progress and the result are JSON lines on stdout.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateToLatest } from '../../schema/migrate';
import { openDatabase } from '../../store/database';
import { loadHistory } from './load-history';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    months: { type: 'string', default: '12' },
    /** The end of the history (ISO 8601); by default this hour. Fix it to reproduce a database exactly. */
    now: { type: 'string' },
    workers: { type: 'string', default: '1' },
    connections: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '500' },
    /** Keep every index and constraint in place while loading (slower; for comparison). */
    'keep-indexes': { type: 'boolean', default: false },
    /** Skip the final VACUUM (ANALYZE). */
    'no-vacuum': { type: 'boolean', default: false },
  },
  strict: true,
});

const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
function fail(message: string): never {
  process.stderr.write(`generate:city: ${message}\n`);
  process.exit(2);
}
const positive = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive whole number, not ${v}`);
  return n;
};

const url = args['database-url'] ?? process.env.DATABASE_URL;
if (!url) fail('give a PostgreSQL server: --database-url postgres://user@host:5432/dbname or DATABASE_URL (a fresh, empty database)');
if (!/^postgres(ql)?:\/\//.test(url)) fail(`${url} is not a postgres:// URL; the generator writes with COPY to a real PostgreSQL server (PGlite cannot hold a city)`);
const cases = positive('cases', args.cases);
const seed = positive('seed', args.seed);
const months = Number(args.months);
if (!(months > 0 && months <= 60)) fail(`--months must be between 0 and 60, not ${args.months}`);
const now = args.now ? Date.parse(args.now) : Math.floor(Date.now() / 3_600_000) * 3_600_000;
if (Number.isNaN(now)) fail(`--now must be an ISO 8601 instant, not ${args.now}`);

const started = performance.now();
const elapsed = () => Math.round((performance.now() - started) / 100) / 10;
const { db, describe } = await openDatabase({ url: url, poolSize: 2 });
try {
  const applied = await migrateToLatest(db);
  say({ phase: 'migrated', database: describe, applied });
  const existing = await db.selectFrom('case_events').select('position').limit(1).execute();
  if (existing.length) fail(`${describe} already has events in case_events; generate into a fresh database (createdb … or create database …), never on top of another history`);
} finally {
  await db.destroy();
}

const history = { seed, cases, months, now };
say({ phase: 'start', ...history, now: new Date(now).toISOString(), workers: Number(args.workers), connections: Number(args.connections) });
let last = { at: performance.now(), cases: 0 };
let latest = { cases: 0, events: 0 };
const progress = setInterval(() => {
  const t = performance.now();
  const rate = ((latest.cases - last.cases) * 1000) / (t - last.at);
  last = { at: t, cases: latest.cases };
  say({ phase: 'load', elapsedS: elapsed(), cases: latest.cases, events: latest.events, casesPerS: Math.round(rate), etaS: rate > 0 ? Math.round((cases - latest.cases) / rate) : null });
}, 5000);

let result;
try {
  result = await loadHistory({
    url: url,
    history,
    workers: positive('workers', args.workers),
    connections: positive('connections', args.connections),
    batchSize: positive('batch-size', args['batch-size']),
    deferIndexes: !args['keep-indexes'],
    onProgress: (p) => (latest = { cases: p.cases, events: p.events }),
    onPhase: (phase, detail) => {
      if (phase === 'build-indexes') clearInterval(progress);
      say({ phase, elapsedS: elapsed(), ...detail });
    },
  });
} finally {
  clearInterval(progress);
}

let vacuumS: number | null = null;
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  if (!args['no-vacuum']) {
    // Hint bits, visibility map and planner statistics now, not under a benchmark's feet.
    const t = performance.now();
    say({ phase: 'vacuum', elapsedS: elapsed() });
    await client.query('vacuum (analyze) case_events, cases');
    vacuumS = Math.round((performance.now() - t) / 100) / 10;
  }
  const sizes = await client.query<{ table: string; total: string; heap: string; indexes: string }>(
    `select relname as table, pg_size_pretty(pg_total_relation_size(oid)) as total, pg_size_pretty(pg_table_size(oid)) as heap, pg_size_pretty(pg_indexes_size(oid)) as indexes
       from pg_class where relname in ('case_events', 'cases') order by relname`,
  );
  const db = await client.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size');
  say({
    phase: 'done',
    elapsedS: elapsed(),
    cases: result.cases,
    events: result.events,
    eventsPerCase: Math.round((result.events / result.cases) * 100) / 100,
    refusedActions: result.refused,
    loadS: Math.round(result.loadMs / 100) / 10,
    indexS: Math.round(result.indexMs / 100) / 10,
    vacuumS,
    simulateCpuS: Math.round(result.simulateMs / 100) / 10,
    encodeCpuS: Math.round(result.encodeMs / 100) / 10,
    databaseSize: db.rows[0]!.size,
    tables: sizes.rows,
  });
} finally {
  await client.end();
}
