import os from 'node:os';
import type { CaseOutcome } from './case-loop';
import type { CheckResult } from './checks';
import type { FaultLog } from './fault-log';
import type { ChaosOptions } from './options';
import type { Attempt } from './retrying-request';

export interface RunFacts {
  options: ChaosOptions;
  startedAt: number;
  loadStartedAt: number;
  loadEndedAt: number;
  finishedAt: number;
  settleMs: number | undefined;
  faults: FaultLog;
  faultKinds: readonly string[];
  rounds: number;
  outcomes: readonly CaseOutcome[];
  attempts: readonly Attempt[];
  events: number;
  checks: CheckResult[];
  temporalSource: string;
  database: string;
  pgCluster: string;
  /** codeVersion() at the start. */
  code: string;
}

const s = (ms: number) => (ms / 1000).toFixed(1);

/** The figures of a run, its checks, and what failed (empty when it passed). */
export function summarise(f: RunFacts): { lines: string[]; failures: string[] } {
  const failures: string[] = f.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  const tries = f.attempts;
  const requests = tries.filter((a) => !a.retry).length;
  const retries = tries.filter((a) => a.retry).length;
  const noAnswer = tries.filter((a) => a.status === null).length;
  const fivexx = tries.filter((a) => a.status !== null && a.status >= 500);
  const outside = fivexx.filter((a) => !f.faults.inWindow(a.sentAt, a.answeredAt));
  const byStatus = (list: readonly Attempt[]) => {
    const counts = new Map<number, number>();
    for (const a of list) counts.set(a.status!, (counts.get(a.status!) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${n}×${st}`).join(', ') || '0';
  };
  const conflicts = tries.filter((a) => a.status === 409);
  const conflictsOnRetry = conflicts.filter((a) => a.retry);
  const other4xx = tries.filter((a) => a.status !== null && a.status >= 400 && a.status < 500 && a.status !== 409 && a.status !== 429 && a.status !== 408);
  const closed = f.outcomes.filter((o) => o.closed).length;
  const problems = f.outcomes.flatMap((o) => o.problems.map((p) => `${o.id ?? '(no case id)'}: ${p}`));
  const crashes = f.faults.records.filter((r) => !r.injected);
  const unlikeFirst = problems.filter((p) => p.includes('did not give the first answer')).length;

  if (outside.length) failures.push(`${outside.length} 5xx outside the fault windows (${byStatus(outside)}), first: ${outside.slice(0, 3).map((a) => `${new Date(a.answeredAt).toISOString()} ${a.step} ${a.status} ${a.detail ?? ''}`).join('; ')}`);
  if (conflictsOnRetry.length) failures.push(`${conflictsOnRetry.length} 409 on a retried request (a retry must give the first answer), first: ${conflictsOnRetry.slice(0, 3).map((a) => `${a.step}: ${a.detail}`).join('; ')}`);
  if (conflicts.length > conflictsOnRetry.length) failures.push(`${conflicts.length - conflictsOnRetry.length} 409 on a first request, first: ${conflicts.filter((a) => !a.retry).slice(0, 3).map((a) => `${a.step}: ${a.detail}`).join('; ')}`);
  for (const c of crashes) failures.push(`${c.what} at ${new Date(c.downAt).toISOString()} (${s(c.downAt - f.loadStartedAt)} s into the load): ${c.detail ?? ''}`);
  if (problems.length) failures.push(`${problems.length} problems carrying cases, first: ${problems.slice(0, 5).join('; ')}`);
  if (f.settleMs === undefined) failures.push('did not settle: cases still open or the metrics projector behind after the load (see the checks)');
  for (const kind of f.faultKinds) {
    const n = f.faults.records.filter((r) => r.injected && r.what === kind).length;
    if (n < f.rounds) failures.push(`${kind} was injected ${n} times, fewer than --rounds ${f.rounds}`);
  }

  const o = f.options;
  const lines = [
    `Run ${new Date(f.startedAt).toISOString()} (${f.code}) on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (shared with other work; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}), Node ${process.version}; Temporal dev server from ${f.temporalSource} on a state file; PostgreSQL cluster ${f.pgCluster}, database ${f.database} (created for the run and dropped after it); \`npm run worker\` and \`npm run api\` as separate processes, restarted by the script as a supervisor would.`,
    '',
    `Options: --clients ${o.clients} --cases ${o.cases} (--scale ${o.scale}) --rounds ${o.rounds} --gap ${o.gapSeconds} --down ${o.downSeconds} --grace ${o.graceSeconds}. Whole run ${s(f.finishedAt - f.startedAt)} s; load ${s(f.loadEndedAt - f.loadStartedAt)} s.`,
    '',
    '| # | fault | at (s into the load) | down (s) |',
    '| ---: | --- | ---: | ---: |',
    ...f.faults.records.map((r, i) => `| ${i + 1} | ${r.what}${r.injected ? '' : ' (**not injected**)'} | ${s(r.downAt - f.loadStartedAt)} | ${r.backAt ? s(r.backAt - r.downAt) : 'still down'} |`),
    '',
    '| figure | count |',
    '| --- | ---: |',
    `| cases started / closed by the clients | ${f.outcomes.length} / ${closed} |`,
    `| events in the log | ${f.events} |`,
    `| requests (each with its own Idempotency-Key) | ${requests} |`,
    `| retries (same key) / tries without an answer | ${retries} / ${noAnswer} |`,
    `| 5xx inside fault windows (down, or within ${o.graceSeconds} s of coming back) | ${fivexx.length - outside.length} (${byStatus(fivexx.filter((a) => !outside.includes(a)))}) |`,
    `| 5xx outside fault windows | ${outside.length}${outside.length ? ` (${byStatus(outside)})` : ''} |`,
    `| 409 on a retried request / on a first request | ${conflictsOnRetry.length} / ${conflicts.length - conflictsOnRetry.length} |`,
    `| retries answered unlike the first answer (2xx, but not the same) | ${unlikeFirst} |`,
    `| other 4xx | ${other4xx.length}${other4xx.length ? ` (${byStatus(other4xx)})` : ''} |`,
    `| processes that died by themselves | ${crashes.length} |`,
    `| time to settle after the load (s) | ${f.settleMs === undefined ? 'did not settle' : s(f.settleMs)} |`,
    '',
    ...f.checks.map((c) => `- ${c.ok ? 'ok' : '**FAILED**'}: ${c.name} (${c.detail})`),
    '',
    failures.length ? `**Verdict: FAILED** (${failures.length}):` : '**Verdict: passed.**',
    ...failures.map((x) => `- ${x.replaceAll('\n', ' ⏎ ')}`),
  ];
  return { lines, failures };
}
