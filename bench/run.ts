// `npm run bench`: end-to-end throughput and latency of the case engine on this machine, beside
// Temporal's own floor, written to BENCHMARKS.md. Durations: BENCH_STEP_SECONDS (each intake
// concurrency level, default 10), BENCH_LOOP_SECONDS (whole loop, default 300), BENCH_LOOP_RATE
// (arrivals per second, default 20), BENCH_OPEN_CASES (open-case stages, default "1000,100000"),
// BENCH_SEED_CONCURRENCY (callers seeding them, default 64), BENCH_SEED_MAX_SECONDS (a stage's
// seeding stops there, short of its target, default 7200; BENCH_SEED_UNTIL, an ISO time, likewise), BENCH_SKIP (stages to leave out, e.g.
// "intake,loop", for short probes).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { percentile } from '../domain/case-metrics';
import { loadConfig } from '../worker/config';
import { logger } from '../worker/logger';
import { apiClient } from './api-client';
import { writeBenchmarkSection } from './benchmarks-file';
import { BENCH_REPORT, caseActor, LOOP_STEPS, type LoopStep } from './case-actor';
import { floorActor } from './floor-actor';
import { seedOpenCases } from './seed-open-cases';
import { emptyWorkflow } from './floor-workflows';
import { historyCost } from './history-cost';
import { closedLoop, untilPlateau, type LoadResult } from './load';
import { startSampling, type ProcessUsage } from './process-sampler';
import { FLOOR_QUEUE, startStack } from './stack';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const STEP_SECONDS = env('BENCH_STEP_SECONDS', 10);
const LOOP_SECONDS = env('BENCH_LOOP_SECONDS', 300);
const LOOP_RATE = env('BENCH_LOOP_RATE', 20);
const OPEN_CASES = (process.env.BENCH_OPEN_CASES ?? '1000,100000').split(',').map(Number);
const SEED_CONCURRENCY = env('BENCH_SEED_CONCURRENCY', 64);
const SEED_MAX_SECONDS = env('BENCH_SEED_MAX_SECONDS', 7200);
// BENCH_SEED_UNTIL: a wall-clock time (ISO) by which seeding stops, whenever the run got to start.
const SEED_UNTIL = process.env.BENCH_SEED_UNTIL ? Date.parse(process.env.BENCH_SEED_UNTIL) : Infinity;
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const LEVELS = [1, 4, 8, 16, 32, 64, 128];
const log = logger.child({ bench: true });
const acceptMs: number[] = [];
const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  process.stdout.write(line + '\n');
};
const ms = (values: number[], p: number) => Math.round(percentile([...values].sort((a, b) => a - b), p) ?? 0);

const stack = await startStack(log);
const post = apiClient(stack.apiUrl);
const sampler = startSampling(stack.watched);
try {
  say(`## End-to-end benchmark (\`npm run bench\`)`);
  say();
  say(`Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Temporal dev server from ${stack.server.source} (Server 1.29.1), PostgreSQL at ${stack.db.describe}; worker, API and floor worker are separate processes.`);
  say();
  say(`Settings: BENCH_STEP_SECONDS=${STEP_SECONDS}, BENCH_LOOP_SECONDS=${LOOP_SECONDS}, BENCH_LOOP_RATE=${LOOP_RATE}, BENCH_OPEN_CASES=${OPEN_CASES.join(',')}, BENCH_SEED_CONCURRENCY=${SEED_CONCURRENCY}, BENCH_SEED_MAX_SECONDS=${SEED_MAX_SECONDS}${process.env.BENCH_SEED_UNTIL ? `, BENCH_SEED_UNTIL=${process.env.BENCH_SEED_UNTIL}` : ''}, WORKER_MAX_CACHED_WORKFLOWS=${process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 'default'}. Load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min; other work on the machine shows here).`);

  if (!SKIP.has('intake')) {
    // 1. Intake against the floor.
    log.info('intake: rising concurrency');
    const intake = await untilPlateau(LEVELS, STEP_SECONDS, () => post('/v1/cases', stack.tokens.street, BENCH_REPORT), (r) => log.info(r, 'intake level'));
    const runId = randomUUID().slice(0, 8);
    // One count across levels: each level's calls number from 0, and a repeated id fails to start.
    let floorStarted = 0;
    const floor = await untilPlateau(LEVELS, STEP_SECONDS, () => stack.client.workflow.start(emptyWorkflow, { taskQueue: FLOOR_QUEUE, workflowId: `floor-${runId}-${floorStarted++}` }), (r) => log.info(r, 'floor level'));
    const best = (rs: LoadResult[]) => rs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    say();
    say('### 1. Intake: `POST /v1/cases` against bare `client.workflow.start` of an empty workflow');
    say();
    say('| concurrency | intake /s | p50 ms | p99 ms | failed | floor /s | p50 ms | p99 ms |');
    say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (let i = 0; i < Math.max(intake.length, floor.length); i++) {
      const a = intake[i];
      const b = floor[i];
      say(`| ${(a ?? b)!.concurrency} | ${a?.perSecond ?? '–'} | ${a?.p50Ms ?? '–'} | ${a?.p99Ms ?? '–'} | ${a?.failed ?? '–'} | ${b?.perSecond ?? '–'} | ${b?.p50Ms ?? '–'} | ${b?.p99Ms ?? '–'} |`);
    }
    const intakeRatio = best(intake).perSecond / best(floor).perSecond;
    say();
    say(`Best intake ${best(intake).perSecond}/s (at ${best(intake).concurrency}), floor ${best(floor).perSecond}/s: ratio **${intakeRatio.toFixed(2)}** (targets: ≥ 150/s and ≥ 0.7).`);
  }

  if (!SKIP.has('loop')) {
    // 2. The whole loop at a target arrival rate.
    log.info({ rate: LOOP_RATE, seconds: LOOP_SECONDS }, 'whole loop: open-loop arrivals');
    const carry = caseActor(stack);
    const loopStarted = performance.now();
    const done: { id: string; stepMs: Record<LoopStep, number>; totalMs: number }[] = [];
    let failures = 0;
    let firstFailure: string | undefined;
    const inFlight: Promise<void>[] = [];
    for (let k = 0; performance.now() - loopStarted < LOOP_SECONDS * 1000; k++) {
      const due = loopStarted + (k * 1000) / LOOP_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      inFlight.push(
        carry().then(
          (r) => void done.push({ ...r, totalMs: performance.now() - t }),
          (e: Error) => {
            failures++;
            firstFailure ??= e.message;
          },
        ),
      );
    }
    await Promise.all(inFlight);
    const loopSeconds = (performance.now() - loopStarted) / 1000;
    const ids = done.map((d) => d.id);
    const check = await stack.db.db
      .selectFrom('case_events')
      .select((eb) => ['case_id', eb.fn.countAll<number>().as('n'), sql<number>`count(distinct seq)`.as('seqs'), eb.fn.max('seq').as('last')])
      .where('case_id', 'in', ids.length ? ids : [''])
      .groupBy('case_id')
      .execute();
    const bad = check.filter((c) => Number(c.n) !== 10 || Number(c.seqs) !== 10 || Number(c.last) !== 10);
    const sample = await Promise.all(ids.slice(0, 5).map((id) => historyCost(stack.client, id)));
    const avg = (f: (h: (typeof sample)[number]) => number) => Math.round(sample.reduce((s, h) => s + f(h), 0) / Math.max(1, sample.length));
    say();
    say(`### 2. Whole loop: ${LOOP_RATE} cases/s arriving for ${LOOP_SECONDS} s (submit, accept, contact, schedule and record a visit, resolve, feedback → closed)`);
    say();
    say(`Completed ${done.length} cases in ${loopSeconds.toFixed(0)} s: **${(done.length / loopSeconds).toFixed(1)} cases/s**; ${failures} failed${firstFailure ? ` (first: ${firstFailure})` : ''}. Event log: ${check.length} cases checked, ${bad.length} with a lost or duplicated event (each must have exactly 10 events, seq 1..10).`);
    say(`History per case: ${avg((h) => h.events)} events, ${avg((h) => h.actions)} Temporal actions (${avg((h) => h.activities)} activities, ${avg((h) => h.localActivities)} local activities, ${avg((h) => h.updates)} updates, ${avg((h) => h.timers)} timers).`);
    say();
    say('| step | p50 ms | p99 ms |');
    say('| --- | ---: | ---: |');
    for (const step of LOOP_STEPS) say(`| ${step} | ${ms(done.map((d) => d.stepMs[step]), 50)} | ${ms(done.map((d) => d.stepMs[step]), 99)} |`);
    say(`| whole case | ${ms(done.map((d) => d.totalMs), 50)} | ${ms(done.map((d) => d.totalMs), 99)} |`);

    // The loop's ceiling and its floor, driven as fast as they go.
    // The case's own shape: its activities (local ones, if it runs them locally) split between intake and updates.
    const local = avg((h) => h.localActivities) > avg((h) => h.activities);
    const activities = local ? avg((h) => h.localActivities) : avg((h) => h.activities);
    const updates = avg((h) => h.updates);
    const perUpdate = Math.max(1, Math.floor(activities / (updates + 1)));
    const shape = { activitiesAtStart: Math.max(0, activities - updates * perUpdate), updates, activitiesPerUpdate: perUpdate, local };
    const loopMax = await closedLoop(32, Math.min(60, LOOP_SECONDS), carry);
    const floorMax = await closedLoop(32, Math.min(60, LOOP_SECONDS), floorActor(stack, shape));
    say();
    say(`Driven flat out (32 concurrent actors, ${loopMax.seconds} s): the case loop completes **${loopMax.perSecond} cases/s** (p50 ${loopMax.p50Ms} ms, p99 ${loopMax.p99Ms} ms per case); the bare floor workflow with the same shape (${shape.activitiesAtStart} ${shape.local ? 'local ' : ''}activities at intake, ${shape.updates} updates of ${shape.activitiesPerUpdate}, no work) ${floorMax.perSecond}/s: ratio **${(loopMax.perSecond / floorMax.perSecond).toFixed(2)}** (targets: ≥ 20/s sustained, ≥ 0.6).`);
  }

  // 3. Per-case cost as open cases pile up (each waits on its accept timer). Seeded through the
  // case service the API calls (no HTTP): the API's rate would take over an hour for 100,000.
  say();
  say('### 3. Open cases waiting on timers');
  say();
  say(`Seeded through the case service the API calls (update-with-start of the case workflow, real activities, no HTTP) by ${SEED_CONCURRENCY} concurrent callers; every case then waits on its accept deadline timer. Probe: 4 callers for 10 s, each submitting through the API and accepting the case.`);
  say();
  say('| open cases | seeded /s | worker RSS MB (after seeding / probe peak) | API RSS MB | Temporal RSS MB | database MB | submit then accept, p50 / p99 ms | accept alone, p50 / p99 ms |');
  say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const directory = loadConfig().directory;
  let open = 0;
  for (const target of OPEN_CASES) {
    log.info({ from: open, target, concurrency: SEED_CONCURRENCY }, 'open cases: seeding');
    const seeded = await seedOpenCases(stack, { policy: stack.policy, directory }, open, target, SEED_CONCURRENCY, Math.max(0, Math.min(SEED_MAX_SECONDS, (SEED_UNTIL - Date.now()) / 1000)), log);
    open += seeded.seeded;
    log.info({ open, ...seeded }, 'open cases seeded');
    const afterSeed = startSampling(stack.watched).stop();
    const probeUsage = startSampling(stack.watched);
    const probe = await closedLoop(4, 10, async () => {
      const c = await post('/v1/cases', stack.tokens.street, BENCH_REPORT);
      const t = performance.now();
      await post(`/v1/cases/${c.id}/accept`, stack.tokens.housing);
      acceptMs.push(performance.now() - t);
    });
    open += probe.done;
    const during = probeUsage.stop();
    const mb = (u: ProcessUsage[], n: string) => u.find((r) => r.name === n)?.rssPeakMb ?? 0;
    const dbMb = await sql<{ mb: number }>`select pg_database_size(current_database()) / 1048576 as mb`.execute(stack.db.db);
    const short = seeded.cutShort ? ` (target ${target}: seeding stopped after ${seeded.seconds} s, at its time limit)` : '';
    say(`| ${open - probe.done}${short}${seeded.failed ? ` (${seeded.failed} failed: ${seeded.firstError})` : ''} | ${seeded.perSecond} | ${mb(afterSeed, 'worker')} / ${mb(during, 'worker')} | ${mb(during, 'api')} | ${mb(during, 'temporal')} | ${dbMb.rows[0]?.mb ?? '–'} | ${probe.p50Ms} / ${probe.p99Ms} | ${ms(acceptMs, 50)} / ${ms(acceptMs, 99)} |`);
    acceptMs.length = 0;
  }

  const usage: ProcessUsage[] = sampler.stop();
  say();
  say('### Resources over the whole run');
  say();
  say('| process | RSS peak MB | RSS mean MB | CPU (cores) |');
  say('| --- | ---: | ---: | ---: |');
  for (const u of usage) say(`| ${u.name} | ${u.rssPeakMb} | ${u.rssMeanMb} | ${u.cpuShare} |`);
  say();
  say(`PostgreSQL: this database's backends summed (each counts the shared buffers it touched, so the RSS overstates). Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
} finally {
  await stack.stop();
}

// A run that left stages out is a probe: BENCHMARKS.md keeps the figures of one whole run.
if (SKIP.size === 0) {
  writeBenchmarkSection('bench', out);
  process.stdout.write('written to BENCHMARKS.md\n');
} else process.stdout.write(`stages left out (${[...SKIP].join(', ')}): BENCHMARKS.md not written\n`);
process.exit(0);
