// Exactly once per recipient and channel when the relay dies mid-delivery: in the window between
// a channel's acknowledgement and the relay's record (a crash emulated in process; in-app has no
// such window, its row and its record are one transaction), and by a real
// SIGKILL of a relay process while the SMTP server holds back its 250. What the receivers see
// again carries the same Message-ID / Idempotency-Key, so they drop it; the deliveries table and
// the in-app notifications hold each delivery once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadNotifyConfig, type NotifyConfig } from '../../notifications/config';
import { startRelay } from '../../notifications/relay';
import { PROJECT_ROOT } from '../../worker/config';
import { addUsers } from '../notifications/people';
import { startSmtpReceiver, startWebhookReceiver } from '../notifications/receivers';
import { street, sewerReport } from '../support/actors';
import { eventually, startTestEngine, type TestEngine } from '../support/test-engine';

const SECRET = 'webhook-secret-shared-with-the-gateway';
const days = { dispatch: 'P1D', accept: 'P1D', contact: 'P1D', visit: 'P1D', resolve: 'P1D', feedback: 'P1D' };
// Only the assignments notify: the test decides when the relay dies.
const policy = { deadlines: { normal: days, urgent: days, emergency: days } };

let engine: TestEngine;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  [engine, smtp, hook] = await Promise.all([startTestEngine({ policy }), startSmtpReceiver(), startWebhookReceiver(SECRET)]);
  await addUsers(engine.db, [
    { id: 'h1', role: 'department', org: 'lixian-housing', email: 'h1@housing.example.gov', phone: '13800000001', preferences: { duty: true, channels: ['in_app', 'email', 'webhook'] } },
    { id: 'h2', role: 'department', org: 'lixian-housing', email: 'h2@housing.example.gov', preferences: { duty: true } },
  ]);
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await Promise.all([smtp?.close(), hook?.close()]);
});

async function submit(n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await engine.service.submit({ ...sewerReport, title: `${label} ${i}` }, street)).caseId);
  return ids;
}

/** The cases' deliveries once every outbox row is expanded and none is pending. */
async function drained(caseIds: string[], timeoutMs = 60_000) {
  return eventually(async () => {
    const open = await engine.db.selectFrom('outbox').select('id').where('case_id', 'in', caseIds).where('sent_at', 'is', null).execute();
    const deliveries = await engine.db.selectFrom('deliveries').selectAll().where('case_id', 'in', caseIds).execute();
    return open.length === 0 && deliveries.length > 0 && deliveries.every((d) => d.status === 'sent') && deliveries;
  }, timeoutMs);
}

/** Per case: the lead (h1: 3 channels, h2: 2) and the assisting department's org-wide in-app. */
const EXPECTED_PER_CASE = ['user:h1 in_app', 'user:h1 email', 'user:h1 webhook', 'user:h2 in_app', 'user:h2 email', 'org:department:changde-municipal-works in_app'];

async function checkExactlyOnce(caseIds: string[]) {
  const deliveries = await drained(caseIds);
  expect(deliveries.map((d) => `${d.case_id} ${d.recipient} ${d.channel}`).sort()).toEqual(caseIds.flatMap((c) => EXPECTED_PER_CASE.map((e) => `${c} ${e}`)).sort());
  // E-mail: every delivery arrived; a copy sent again carries the same Message-ID.
  const emails = deliveries.filter((d) => d.channel === 'email');
  const mails = smtp.mails.filter((m) => caseIds.includes(m.caseId));
  expect([...new Set(mails.map((m) => m.messageId))].sort()).toEqual(emails.map((d) => `<${d.id}@cases.example.gov>`).sort());
  // The webhook: every delivery arrived; a copy carries the same Idempotency-Key.
  const webhooks = deliveries.filter((d) => d.channel === 'webhook');
  const hooks = hook.accepted.filter((h) => caseIds.includes(h.body.caseId));
  expect([...new Set(hooks.map((h) => h.idempotencyKey))].sort()).toEqual(webhooks.map((d) => d.id).sort());
  // In-app: exactly one row per delivery, however often it was written.
  const notes = await engine.db.selectFrom('notifications').select('id').where('case_id', 'in', caseIds).execute();
  expect(notes.map((n) => n.id).sort()).toEqual(deliveries.filter((d) => d.channel === 'in_app').map((d) => d.id).sort());
  return { deliveries, mails, hooks };
}

const relayConfig = (): NotifyConfig => ({
  ...loadNotifyConfig({}),
  smtpUrl: smtp.url,
  emailFrom: 'Cases <notify@cases.example.gov>',
  webhook: { url: hook.url, secret: SECRET },
  pollMs: 100,
  leaseMs: 2000,
  sendTimeoutMs: 1500,
});

describe('a relay that dies mid-delivery', () => {
  it('between the acknowledgement and the record: the next claim sends it again under the same id, recorded once', async () => {
    const crashed = new Set<string>();
    const relay = startRelay({
      db: engine.db,
      directory: engine.directory,
      config: relayConfig(),
      // The first delivery of each channel that has the window (in-app is written with its record,
      // in one transaction): acknowledged by the receiver, then the relay "dies" before recording it.
      afterAcknowledged: async (d) => {
        if ([...crashed].some((id) => id.startsWith(`${d.channel}:`))) return;
        crashed.add(`${d.channel}:${d.id}`);
        throw new Error('the relay died here');
      },
    });
    try {
      const caseIds = await submit(3, 'Crash between send and record');
      const { deliveries, mails, hooks } = await checkExactlyOnce(caseIds);
      const again = [...crashed].map((c) => c.split(':')[1]!);
      expect(again).toHaveLength(2);
      // Those were claimed twice, and only those; the receivers saw the e-mail and the webhook twice.
      expect(deliveries.filter((d) => d.attempts === 2).map((d) => d.id).sort()).toEqual([...again].sort());
      expect(deliveries.filter((d) => d.attempts !== 2).every((d) => d.attempts === 1)).toBe(true);
      expect(mails.length).toBe(deliveries.filter((d) => d.channel === 'email').length + 1);
      expect(hooks.length).toBe(deliveries.filter((d) => d.channel === 'webhook').length + 1);
    } finally {
      await relay.stop();
    }
  });

  const postgresAdminUrl = inject('postgresAdminUrl');
  // A relay in another process needs a database other processes can reach: PostgreSQL, not PGlite.
  it.skipIf(postgresAdminUrl === null)('killed with SIGKILL while the SMTP server holds its 250: the next relay delivers the rest, each once', async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(engine.db);
    const url = new URL(postgresAdminUrl!);
    url.pathname = `/${rows[0]!.name}`;
    const env = {
      ...process.env,
      DATABASE_URL: url.toString(),
      LOG_LEVEL: 'warn',
      NOTIFY_SMTP_URL: smtp.url,
      NOTIFY_EMAIL_FROM: 'Cases <notify@cases.example.gov>',
      NOTIFY_WEBHOOK_URL: hook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_POLL_MS: '100',
      NOTIFY_LEASE_MS: '3000',
      NOTIFY_SEND_TIMEOUT_MS: '2000',
    };
    const spawnRelay = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'notifications', 'relay-cli.ts')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = (p: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.signalCode ?? p.exitCode) : p.once('exit', (code, signal) => resolve(signal ?? code))));

    let held: string | undefined;
    smtp.state.hold = (m) => {
      if (held || !m.caseId) return false;
      held = m.deliveryId;
      return true;
    };
    const caseIds = await submit(4, 'Killed mid-delivery');
    const first = spawnRelay();
    let stderr = '';
    first.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      // The server has the message and holds its 250: the relay is waiting on it.
      await eventually(async () => smtp.heldCount > 0, 60_000);
    } catch (error) {
      first.kill('SIGKILL');
      throw new Error(`the relay process never sent: ${stderr.slice(0, 2000)}`, { cause: error });
    }
    first.kill('SIGKILL');
    expect(await exited(first)).toBe('SIGKILL');
    smtp.state.hold = () => false;
    smtp.release();
    const before = await engine.db.selectFrom('deliveries').select(['id', 'status']).where('id', '=', held!).executeTakeFirstOrThrow();
    expect(before.status).toBe('pending');

    const second = spawnRelay();
    try {
      const { deliveries, mails } = await checkExactlyOnce(caseIds);
      const retaken = deliveries.find((d) => d.id === held)!;
      expect(retaken).toMatchObject({ status: 'sent', attempts: 2 });
      // The one the SIGKILL cut off reached the mailbox twice, as one Message-ID; nothing else doubled
      // except deliveries in flight at the kill, which the same rule covers.
      expect(mails.filter((m) => m.deliveryId === held)).toHaveLength(2);
      const copies = mails.length - deliveries.filter((d) => d.channel === 'email').length;
      expect(copies).toBeGreaterThanOrEqual(1);
      expect(copies).toBeLessThanOrEqual(relayConfig().concurrency);
    } finally {
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
    }
  }, 120_000);
});
