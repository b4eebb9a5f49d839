// `npm run bench:delivery`: how long a notification takes from its event to the SMTP server, with
// cases carried round the whole loop at the loop's rate. The production shape of `npm run bench`
// (a Temporal dev server, a fresh PostgreSQL database, `npm run worker` with its relay and
// `npm run api` as processes of their own) and a real SMTP server (smtp-server) in this process.
// The housing centre has two people on duty with e-mail, so every assignment is two e-mails.
// BENCH_LOOP_RATE (cases per second, default 20), BENCH_DELIVERY_SECONDS (default 60); the relay
// runs with its defaults unless NOTIFY_* says otherwise. Writes the "delivery" section of BENCHMARKS.md.
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { percentile } from '../domain/case-metrics';
import { DEFAULT_NOTIFY } from '../notifications/config';
import { insertUser } from '../store/people/users';
import { logger } from '../worker/logger';
import { writeBenchmarkSection } from './benchmarks-file';
import { caseActor } from './case-actor';
import { startStack } from './stack';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RATE = env('BENCH_LOOP_RATE', 20);
const SECONDS = env('BENCH_DELIVERY_SECONDS', 60);
const log = logger.child({ bench: 'delivery' });

/** When each delivery first reached the SMTP server, and how many copies did. */
const received = new Map<string, { at: number; copies: number }>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (c: Buffer) => {
      if (head.length < 8192) head += c.toString('utf8');
    });
    stream.on('end', () => {
      const at = Date.now();
      const id = /^X-Grassroots-Delivery:\s*(\S+)/im.exec(head)?.[1];
      if (id) {
        const r = received.get(id);
        if (r) r.copies++;
        else received.set(id, { at, copies: 1 });
      }
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = ((smtp as unknown as { server: Server }).server.address() as AddressInfo).port;
process.env.NOTIFY_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
process.env.NOTIFY_EMAIL_FROM ??= 'Cases <notify@bench.example.gov>';

const ms = (values: number[], p: number) => Math.round(percentile([...values].sort((a, b) => a - b), p) ?? 0);
const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
const stack = await startStack(log);
const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  process.stdout.write(line + '\n');
};
try {
  for (const id of ['duty.one', 'duty.two']) {
    await insertUser(stack.db.db, { id, username: id, name: id, role: 'department', org: 'lixian-housing', email: `${id}@housing.example.gov`, preferences: { duty: true } });
  }
  log.info({ rate: RATE, seconds: SECONDS }, 'delivery latency: cases round the loop at the loop rate');
  const carry = caseActor(stack);
  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  let failures = 0;
  const ids: string[] = [];
  for (let k = 0; performance.now() - started < SECONDS * 1000; k++) {
    const wait = started + (k * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(carry().then((r) => ids.push(r.id), () => failures++));
  }
  const arrivalsSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  const loopSeconds = (performance.now() - started) / 1000;

  // Every e-mail delivery of these cases sent (or a minute passes).
  const deadline = Date.now() + 60_000;
  let emails: { id: string; status: string; event_id: string; attempts: number }[] = [];
  for (;;) {
    emails = await stack.db.db.selectFrom('deliveries').select(['id', 'status', 'event_id', 'attempts']).where('channel', '=', 'email').execute();
    const unexpanded = await stack.db.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    if ((unexpanded.length === 0 && emails.every((d) => d.status !== 'pending')) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const events = await stack.db.db
    .selectFrom('case_events')
    .select(['event_id', 'occurred_at', 'recorded_at'])
    .where('event_id', 'in', emails.length ? [...new Set(emails.map((e) => e.event_id))] : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  const byEvent = new Map(events.map((e) => [e.event_id, e]));
  const fromOccurred: number[] = [];
  const fromRecorded: number[] = [];
  for (const d of emails) {
    const r = received.get(d.id);
    const e = byEvent.get(d.event_id);
    if (!r || !e) continue;
    fromOccurred.push(r.at - new Date(e.occurred_at).getTime());
    fromRecorded.push(r.at - new Date(e.recorded_at).getTime());
  }
  const sent = emails.filter((d) => d.status === 'sent').length;
  const copies = [...received.values()].reduce((s, r) => s + r.copies - 1, 0);
  const retried = emails.filter((d) => d.attempts > 1).length;
  const poll = process.env.NOTIFY_POLL_MS ?? String(DEFAULT_NOTIFY.pollMs);

  say('## Notification delivery latency (`npm run bench:delivery`)');
  say();
  say(`${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (other work on the machine shows here).`);
  say(`Cases arriving at **${RATE}/s for ${SECONDS} s**, each carried round the whole loop through the API: ${ids.length} closed, ${failures} failed, the last ${Math.round(loopSeconds - arrivalsSeconds)} s after the arrivals ended (load average at the start ${loadAtStart}); the worker's relay at its defaults (poll ${poll} ms, ${process.env.NOTIFY_CONCURRENCY ?? DEFAULT_NOTIFY.concurrency} deliveries at a time, pooled SMTP), two people on duty at the housing centre: two e-mails per assignment to a real SMTP server (smtp-server) on this machine.`);
  say();
  say('| from | e-mails | p50 | p99 | max |');
  say('| --- | --- | --- | --- | --- |');
  say(`| event decided (\`occurred_at\`) → SMTP server has the message | ${fromOccurred.length} | ${ms(fromOccurred, 50)} ms | ${ms(fromOccurred, 99)} ms | ${Math.round(Math.max(0, ...fromOccurred))} ms |`);
  say(`| event stored (\`recorded_at\`, the append transaction) → SMTP server | ${fromRecorded.length} | ${ms(fromRecorded, 50)} ms | ${ms(fromRecorded, 99)} ms | ${Math.round(Math.max(0, ...fromRecorded))} ms |`);
  say();
  say(`${sent} of ${emails.length} e-mail deliveries sent, ${emails.length - sent} not (pending or dead), ${retried} needed more than one attempt, ${copies} copies received twice.`);
  const file = writeBenchmarkSection('delivery', out);
  log.info({ file }, 'written');
} finally {
  await stack.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
process.exit(0);
