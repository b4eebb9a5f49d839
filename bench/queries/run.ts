// `npm run bench:queries`: read-model latency on a generated city (`npm run generate:city`):
// the case list with common filters, a deep page, searches, a busy department's tasks, a month's
// metrics and ranking; the metrics projector's rebuild time and its lag under steady writes.
// DATABASE_URL (default: the city1m database on 127.0.0.1), BENCH_QUERY_RUNS (200),
// BENCH_LAG_RATE (events/s, 50), BENCH_LAG_SECONDS (60), BENCH_REBUILD (1; 0 keeps the projection).
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import defaultPolicy from '../../config/default-policy.json';
import { buildApi } from '../../api/app';
import { signToken } from '../../api/auth';
import { createCaseService } from '../../api/case-service';
import { CasePolicy } from '../../schema/policy';
import { migrateToLatest } from '../../schema/migrate';
import { openDatabase } from '../../store/database';
import { rebuildCaseMetrics } from '../../store/projections/rebuild-case-metrics';
import { logger } from '../../worker/logger';
import { writeBenchmarkSection } from '../benchmarks-file';
import { defaultCityModel } from '../city-history/city-history';
import { apiReader } from './api-reader';
import { measure, type Timing } from './measure';
import { measureProjectorLag } from './projector-lag';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = env('BENCH_QUERY_RUNS', 200);
const LAG_RATE = env('BENCH_LAG_RATE', 50);
const LAG_SECONDS = env('BENCH_LAG_SECONDS', 60);
const REBUILD = env('BENCH_REBUILD', 1) === 1;
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/city1m';
const log = logger.child({ bench: 'queries' });
const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  process.stdout.write(line + '\n');
};

const store = await openDatabase({ url, poolSize: 10 });
const db = store.db;
await migrateToLatest(db);
const counts = await sql<{ cases: number; events: number; size: string }>`
  select (select count(*) from cases)::int as cases, (select count(*) from case_events)::int as events,
         pg_size_pretty(pg_database_size(current_database())) as size`.execute(db);
const { cases, events, size } = counts.rows[0]!;
if (cases === 0) {
  log.fatal({ database: store.describe }, 'no cases here: generate a city first, e.g. DATABASE_URL=… npm run generate:city -- --cases 1000000');
  process.exit(2);
}
const model = defaultCityModel();
const dir = model.directory;
log.info({ database: store.describe, cases, events, size }, 'benchmarking queries');

let rebuild: { cases: number; ms: number } | null = null;
if (REBUILD) {
  let last = 0;
  rebuild = await rebuildCaseMetrics(db, dir, (n) => {
    if (n - last >= 100_000) log.info({ cases: (last = n) }, 'rebuilding case metrics');
  });
  log.info({ seconds: Math.round(rebuild.ms / 1000) }, 'case metrics rebuilt');
}
await sql`analyze`.execute(db);

const secret = 'bench-queries-secret-0123456789abcdef';
// Reads never reach Temporal; a lazy connection is never opened.
const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const service = createCaseService({ client, db, taskQueue: 'bench-queries', policy: CasePolicy.parse(defaultPolicy), directory: dir });
const app = await buildApi({ service, db, client, directory: dir, jwtSecret: secret, logger: false, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const get = apiReader(baseUrl);

const city = dir.jurisdictions.find((j) => j.parentId === null)!;
const district = dir.jurisdictions.find((j) => j.level === 'district')!;
const busiest = await db
  .selectFrom('cases')
  .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
  .where('status', 'in', ['assigned', 'accepted', 'visit_scheduled'])
  .groupBy('department_id')
  .orderBy('n', 'desc')
  .limit(1)
  .executeTakeFirstOrThrow();
const topCategory = await db.selectFrom('cases').select(['category_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('category_id').orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
const latest = await db.selectFrom('cases').select((eb) => eb.fn.max('created_at').as('t')).executeTakeFirstOrThrow();
const monthEnd = new Date(latest.t as Date);
const month = { from: new Date(monthEnd.getTime() - 30 * 86_400_000).toISOString(), to: monthEnd.toISOString() };
const token = (sub: string, role: 'supervisor' | 'department', org: string) => signToken(secret, { sub, role, org });
const citySupervisor = await token('city.supervisor', 'supervisor', city.id);
const districtSupervisor = await token('district.supervisor', 'supervisor', district.id);
const department = await token('busy.department', 'department', busiest.department_id!);

type Page = { items: unknown[]; nextCursor: string | null };
const list = (t: string, query: Record<string, string>) => async () => `${(await get<Page>('/v1/cases', t, { limit: '50', ...query })).items.length} items`;
// The cursor of page 100 (cases 4,951–5,000 of the city, newest first), found once.
let deep: string | null = null;
for (let page = 1; page < 100; page++) deep = (await get<Page>('/v1/cases', citySupervisor, deep ? { limit: '50', cursor: deep } : { limit: '50' })).nextCursor;

const timings: Timing[] = [];
const run = async (name: string, call: () => Promise<string>) => {
  const t = await measure(name, call, RUNS);
  log.info(t, 'measured');
  timings.push(t);
};
await run('list: city supervisor, newest first', list(citySupervisor, {}));
await run('list: status=assigned', list(citySupervisor, { status: 'assigned' }));
await run('list: district supervisor, overdue=true', list(districtSupervisor, { overdue: 'true' }));
await run(`list: departmentId=busiest, status=accepted`, list(citySupervisor, { departmentId: busiest.department_id!, status: 'accepted' }));
await run('list: categoryId (its family) in one month', list(citySupervisor, { categoryId: topCategory.category_id!, ...month }));
await run('list: backlog=true', list(citySupervisor, { backlog: 'true' }));
await run('list: page 100 (deep keyset page)', list(citySupervisor, { cursor: deep! }));
await run('search: q=噪音 (common Chinese word)', list(citySupervisor, { q: '噪音' }));
await run('search: q=井盖 (rarer Chinese word)', list(citySupervisor, { q: '井盖' }));
await run('search: q=streetlight (English)', list(citySupervisor, { q: 'streetlight' }));
await run('search: q=漏水 within a district', list(districtSupervisor, { q: '漏水' }));
await run(`tasks: busiest department (${busiest.n} open)`, async () => `${(await get<{ items: unknown[] }>('/v1/tasks', department, { limit: '50' })).items.length} items`);
type Summary = { groups: unknown[] };
await run('metrics/summary: a month by department', async () => `${(await get<Summary>('/v1/metrics/summary', citySupervisor, { groupBy: 'department', ...month })).groups.length} groups`);
await run('metrics/summary: a month by street', async () => `${(await get<Summary>('/v1/metrics/summary', citySupervisor, { groupBy: 'street', ...month })).groups.length} groups`);
await run('metrics/summary: a month by day', async () => `${(await get<Summary>('/v1/metrics/summary', citySupervisor, { groupBy: 'day', ...month })).groups.length} groups`);
await run('metrics/summary: a district\'s month by street', async () => `${(await get<Summary>('/v1/metrics/summary', districtSupervisor, { groupBy: 'street', ...month })).groups.length} groups`);
await run('metrics/ranking: a month of departments', async () => `${(await get<{ items: unknown[] }>('/v1/metrics/ranking', citySupervisor, month)).items.length} ranked`);
await app.close();

log.info({ rate: LAG_RATE, seconds: LAG_SECONDS }, 'measuring projector lag under steady writes');
const lag = await measureProjectorLag(db, dir, model, { rate: LAG_RATE, seconds: LAG_SECONDS, seed: Date.now() % 2 ** 31 });
await store.close();

say('## Read models at city scale (`npm run bench:queries`)');
say();
say(`Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; PostgreSQL ${(await pgVersion()) ?? '?'} on the same machine.`);
say(`Data: ${cases.toLocaleString('en')} cases and ${events.toLocaleString('en')} events (\`npm run generate:city\`), database ${size}. Each query ${RUNS} times, one at a time, after a warm-up, through HTTP (API in process, JWT auth, JSON serialisation included).`);
say();
say('| query | p50 ms | p95 ms | p99 ms | result |');
say('| --- | ---: | ---: | ---: | --- |');
for (const t of timings) say(`| ${t.name} | ${t.p50} | ${t.p95} | ${t.p99} | ${t.note} |`);
say();
const worst = (prefix: string[]) => Math.max(...timings.filter((t) => prefix.some((p) => t.name.startsWith(p))).map((t) => t.p95));
say(`Targets: list and tasks p95 ≤ 25 ms (worst here ${worst(['list', 'tasks'])} ms; searches ${worst(['search'])} ms); a month's metrics p95 ≤ 100 ms (worst ${worst(['metrics'])} ms).`);
say();
if (rebuild) say(`Projector rebuild from zero: ${rebuild.cases.toLocaleString('en')} cases in ${Math.round(rebuild.ms / 1000)} s (${Math.round(rebuild.cases / (rebuild.ms / 1000)).toLocaleString('en')} cases/s).`);
say(`Projector lag under steady writes: ${lag.eventsWritten} events appended one transaction each at ${lag.rate.toFixed(1)} events/s for ${lag.seconds.toFixed(0)} s; lag from append to projection p50 ${lag.lagMs.p50} ms, p99 ${lag.lagMs.p99} ms, max ${lag.lagMs.max} ms (target p99 ≤ 1 s; the projector polls every 200 ms).`);
writeBenchmarkSection('bench:queries', out);
process.stdout.write('written to BENCHMARKS.md\n');
process.exit(0);

async function pgVersion(): Promise<string | null> {
  const s = await openDatabase({ url, poolSize: 1 });
  try {
    return (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(s.db)).rows[0]?.v ?? null;
  } finally {
    await s.close();
  }
}
