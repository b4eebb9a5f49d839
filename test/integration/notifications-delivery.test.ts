// Issue 16, item 2: notifications delivered. A scripted case on the real engine (assignment,
// warning, escalation, resolution) through the relay to a real SMTP server, a signed-webhook
// receiver and a group robot: every expected message exactly once per recipient and channel; the
// in-app notifications through the API and pushed on the event stream; quiet hours that wait and
// emergencies that do not.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNotifyConfig, type NotifyConfig } from '../../notifications/config';
import { startRelay, type Relay } from '../../notifications/relay';
import { addUsers, cityClock } from '../notifications/people';
import { startRobotReceiver, startSmtpReceiver, startWebhookReceiver } from '../notifications/receivers';
import { sewerReport } from '../support/actors';
import { eventually, eventTypes } from '../support/test-engine';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api';
import { signToken } from '../../api/auth';

const SECRET = 'webhook-secret-shared-with-the-gateway';
const quick = { dispatch: 'PT2S', accept: 'PT3S', contact: 'PT1H', visit: 'P1D', resolve: 'P1D', feedback: 'P1D' };
// One warning and one escalation on the accept step, then days: the script decides what happens.
const policy = { warnAt: 0.5, repeatEscalation: false, deadlines: { normal: quick, urgent: quick, emergency: quick } };

let api: TestApi;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let robot: Awaited<ReturnType<typeof startRobotReceiver>>;
let relay: Relay;
let tokens: Record<string, string>;
let base: string;
const streams: AbortController[] = [];

const USERS = [
  // The housing centre's duty staff: one on every channel, one on the defaults.
  { id: 'h1', role: 'department', org: 'lixian-housing', email: 'h1@housing.example.gov', phone: '13800000001', preferences: { duty: true, channels: ['in_app', 'email', 'webhook', 'robot'] } },
  { id: 'h2', role: 'department', org: 'lixian-housing', email: 'h2@housing.example.gov', phone: '13800000002', preferences: { duty: true } },
  // Not on duty, or disabled: not told.
  { id: 'h3', role: 'department', org: 'lixian-housing', email: 'h3@housing.example.gov', preferences: {} },
  { id: 'h4', role: 'department', org: 'lixian-housing', email: 'h4@housing.example.gov', preferences: { duty: true }, disabled: true },
  // Xihu's supervisor hears of the escalation; its street committee of nothing.
  { id: 's1', role: 'supervisor', org: 'xihu', email: 's1@xihu.example.gov', preferences: {} },
  { id: 'w1', role: 'street', org: 'xihu', email: 'w1@xihu.example.gov', preferences: {} },
  // changde-municipal-works (the assisting department) has nobody on record: its org-wide in-app notification.
] as const;

/** Who gets what on which channel, per organisation an outbox row is addressed to. */
const EXPECTED: Record<string, [string, string][]> = {
  'lixian-housing': [
    ['user:h1', 'in_app'],
    ['user:h1', 'email'],
    ['user:h1', 'webhook'],
    ['user:h2', 'in_app'],
    ['user:h2', 'email'],
    ['group:lixian-housing', 'robot'],
  ],
  'changde-municipal-works': [['org:department:changde-municipal-works', 'in_app']],
  xihu: [
    ['user:s1', 'in_app'],
    ['user:s1', 'email'],
  ],
};
const EMAIL_OF: Record<string, string> = { 'user:h1': 'h1@housing.example.gov', 'user:h2': 'h2@housing.example.gov', 'user:s1': 's1@xihu.example.gov' };

beforeAll(async () => {
  [api, smtp, hook, robot] = await Promise.all([startTestApi({ policy }), startSmtpReceiver(), startWebhookReceiver(SECRET), startRobotReceiver()]);
  tokens = await addUsers(api.engine.db, USERS.map((u) => ({ ...u, preferences: { ...u.preferences } as never })));
  const config: NotifyConfig = {
    ...loadNotifyConfig({}),
    smtpUrl: smtp.url,
    emailFrom: 'Cases <notify@cases.example.gov>',
    webhook: { url: hook.url, secret: SECRET },
    robots: { 'lixian-housing': robot.wecomUrl },
    pollMs: 100,
    leaseMs: 5000,
    sendTimeoutMs: 3000,
    // The resident's texts must not wait for morning in Changde whatever the hour of the run.
    residentQuietHours: null,
  };
  relay = startRelay({ db: api.engine.db, directory: api.engine.directory, config });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  for (const s of streams) s.abort();
  await relay?.stop();
  await api?.close();
  await Promise.all([smtp?.close(), hook?.close(), robot?.close()]);
});

/** Every outbox row expanded, and none of the case's deliveries still pending unless `pendingOk`. */
async function drained(caseId: string, pendingOk: (d: { recipient: string; channel: string }) => boolean = () => false) {
  return eventually(async () => {
    const open = await api.engine.db.selectFrom('outbox').select('id').where('case_id', '=', caseId).where('sent_at', 'is', null).execute();
    const deliveries = await api.engine.db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).execute();
    const waiting = deliveries.filter((d) => d.status === 'pending' && !pendingOk(d));
    return open.length === 0 && deliveries.length > 0 && waiting.length === 0 && deliveries;
  }, 30_000);
}

const count = <T>(items: T[], key: (t: T) => string) => items.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());

describe('notifications delivered', () => {
  let caseId: string;

  it('carries a case through assignment, warning, escalation and resolution while the relay delivers', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    expect(c).toMatchObject({ status: 'assigned', departmentId: 'lixian-housing' });
    caseId = c.id;
    await eventually(async () => (await eventTypes(api.engine, caseId)).includes('case_escalated'), 30_000);
    for (const [path, body] of [
      ['accept', {}],
      ['contact', { note: 'called the resident' }],
    ] as const) {
      expect((await api.post(`/v1/cases/${caseId}/${path}`, { as: 'housing', body })).status).toBe(200);
    }
    const visit = (await api.post(`/v1/cases/${caseId}/visits`, { as: 'housing', body: { scheduledFor: new Date(Date.now() + 3_600_000).toISOString(), cadres: ['Liu Wei'] } })).json;
    expect((await api.post(`/v1/cases/${caseId}/visits/${visit.visitId}/complete`, { as: 'housing', body: { findings: 'collapsed pipe' } })).status).toBe(200);
    const resolved = await api.post(`/v1/cases/${caseId}/resolve`, { as: 'housing', body: { summary: 'pipe replaced', outcome: 'resolved' } });
    expect(resolved.json).toMatchObject({ status: 'resolved' });
  });

  it('delivers every expected message exactly once per recipient and channel', async () => {
    // The resident's texts are tested on their own (resident-notifications.test.ts); here the staff's.
    const deliveries = (await drained(caseId)).filter((d) => !d.recipient.startsWith('resident:'));
    const outbox = await api.engine.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).where('recipient_kind', '<>', 'resident').orderBy('created_at').execute();
    expect(new Set(outbox.map((o) => o.kind))).toEqual(new Set(['case_assigned', 'deadline_warning', 'case_escalated']));
    const expected = outbox.flatMap((o) => EXPECTED[o.recipient_id]!.map(([recipient, channel]) => `${o.id} ${recipient} ${channel}`));
    expect(deliveries.map((d) => `${d.outbox_id} ${d.recipient} ${d.channel}`).sort()).toEqual([...expected].sort());
    expect(deliveries.every((d) => d.status === 'sent' && d.attempts === 1 && d.sent_at !== null)).toBe(true);

    // E-mail: the SMTP server got each e-mail delivery once, to the right address, with its Message-ID.
    const emails = deliveries.filter((d) => d.channel === 'email');
    const mails = smtp.mails.filter((m) => m.caseId === caseId);
    expect([...count(mails, (m) => m.deliveryId).values()].every((n) => n === 1)).toBe(true);
    expect(mails.map((m) => `${m.deliveryId} ${m.to.join()}`).sort()).toEqual(emails.map((d) => `${d.id} ${EMAIL_OF[d.recipient]}`).sort());
    expect(mails.every((m) => m.messageId === `<${m.deliveryId}@cases.example.gov>`)).toBe(true);
    expect(mails.find((m) => m.kind === 'case_escalated')?.subject).toMatch(/\[\d{4}-\d{6}\].*Case escalated to level 1/);

    // The signed webhook: each once, verified by the receiver, the delivery id as Idempotency-Key.
    const hooks = hook.accepted.filter((h) => h.body.caseId === caseId && h.body.to.userId !== null);
    expect(hooks.map((h) => h.deliveryId).sort()).toEqual(deliveries.filter((d) => d.channel === 'webhook').map((d) => d.id).sort());
    expect(hooks.every((h) => h.idempotencyKey === h.deliveryId && h.body.to.phone === '13800000001')).toBe(true);

    // The housing centre's group robot: once per notification to the centre, mentioning h1.
    const housingRows = outbox.filter((o) => o.recipient_id === 'lixian-housing');
    const posts = robot.posts.filter((p) => p.content.includes(sewerReport.title));
    expect(posts).toHaveLength(housingRows.length);
    expect(posts.every((p) => p.format === 'wecom' && p.mobiles.join() === '13800000001')).toBe(true);

    // In-app: one notification per person (and one for the organisation with nobody on record).
    const notes = await api.engine.db.selectFrom('notifications').selectAll().where('case_id', '=', caseId).execute();
    expect(notes).toHaveLength(deliveries.filter((d) => d.channel === 'in_app').length);
    expect([...count(notes, (n) => `${n.kind} ${n.user_id ?? n.org}`).values()].every((n) => n === 1)).toBe(true);
  });

  it("shows people their notifications, newest first with the unread count, and marks them read; an org's shared one to anyone of it", async () => {
    const as = (id: string) => ({ headers: { authorization: `Bearer ${tokens[id]}` } });
    const list = (await api.get('/v1/notifications', as('h1'))).json;
    const mine = list.items.filter((n: { caseId: string }) => n.caseId === caseId);
    expect(mine.map((n: { kind: string }) => n.kind)).toEqual(['deadline_warning', 'case_assigned']);
    expect(mine[0]).toMatchObject({ read: false, shared: false, caseNumber: expect.stringMatching(/^\d{4}-\d{6}$/) });
    expect(list.unread).toBe(list.items.length);
    const read = await api.post(`/v1/notifications/${mine[0].id}/read`, as('h1'));
    expect(read.status).toBe(200);
    expect(read.json.read).toBe(true);
    const after = (await api.get('/v1/notifications', { ...as('h1'), query: { unread: 'true' } })).json;
    expect(after.unread).toBe(list.unread - 1);
    expect(after.items.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);
    // Not h2's to read, nor the street committee's to see.
    expect((await api.post(`/v1/notifications/${mine[1].id}/read`, as('h2'))).status).toBe(404);
    expect((await api.get('/v1/notifications', as('w1'))).json.items).toEqual([]);
    // changde-municipal-works has nobody on record: its notification is for anyone of it.
    const municipalToken = await signToken(TEST_JWT_SECRET, { sub: 'someone.municipal', role: 'department', org: 'changde-municipal-works' });
    const municipal = await api.get('/v1/notifications', { headers: { authorization: `Bearer ${municipalToken}` } });
    expect(municipal.json.items).toMatchObject([{ kind: 'case_assigned', shared: true, caseId }]);
  });

  it("shows a case's deliveries to its supervisors, not to the department", async () => {
    const seen = await api.get(`/v1/cases/${caseId}/deliveries`, { as: 'supervisor' });
    expect(seen.status).toBe(200);
    expect(seen.json.items.length).toBeGreaterThanOrEqual(15);
    expect(seen.json.items.every((d: { status: string }) => d.status === 'sent')).toBe(true);
    expect(seen.json.items.find((d: { channel: string; recipient: { id: string } }) => d.channel === 'email' && d.recipient.id === 's1')).toMatchObject({
      kind: 'case_escalated',
      recipient: { type: 'user', id: 's1', name: 'Name of s1' },
      address: 's1@xihu.example.gov',
      attempts: 1,
    });
    expect((await api.get(`/v1/cases/${caseId}/deliveries`, { as: 'housing' })).status).toBe(403);
    expect((await api.get(`/v1/cases/${caseId}/deliveries`, { as: 'otherSupervisor' })).status).toBe(404);
  });

  it('pushes a new notification on the event stream to the person it is for', async () => {
    const controller = new AbortController();
    streams.push(controller);
    const res = await fetch(`${base}/v1/events/stream?access_token=${tokens.h2}`, { signal: controller.signal });
    let received = '';
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body!) received += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // aborted at the end
      }
    })();
    await eventually(async () => received.includes(': connected'));
    const c = (await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, title: 'Sewer again' } })).json;
    await eventually(async () => received.includes('event: notification') && received.includes(c.id), 20_000);
    const line = received.split('\n\n').find((e) => e.startsWith('event: notification') && e.includes(c.id))!;
    expect(JSON.parse(line.split('\ndata: ')[1]!)).toMatchObject({ kind: 'case_assigned', caseId: c.id, read: false, shared: false });
  });

  it('holds e-mail in quiet hours until they end, in the city time zone; an emergency goes at once', async () => {
    const zone = api.engine.directory.city.timeZone;
    const quietHours = { start: cityClock(zone, -60), end: cityClock(zone, 120) };
    await api.engine.db.updateTable('users').set({ preferences: JSON.stringify({ duty: true, quietHours }) }).where('id', '=', 'h2').execute();
    const quietEmail = (d: { recipient: string; channel: string }) => d.recipient === 'user:h2' && d.channel === 'email';

    const normal = (await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, title: 'Quiet night' } })).json;
    const deliveries = await drained(normal.id, quietEmail);
    const assigned = deliveries.filter((d) => d.kind === 'case_assigned' && d.org === 'lixian-housing');
    const held = assigned.find(quietEmail)!;
    expect(held).toMatchObject({ status: 'pending', attempts: 0, quiet_hours: quietHours });
    // It waits until the end of the quiet hours (to the minute, city time), not a retry's backoff.
    const waitMs = held.next_attempt_at.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(115 * 60_000);
    expect(waitMs).toBeLessThan(121 * 60_000);
    expect(assigned.filter((d) => !quietEmail(d)).every((d) => d.status === 'sent')).toBe(true);
    expect(smtp.mails.some((m) => m.deliveryId === held.id)).toBe(false);

    const emergency = (await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, title: 'Burst main', urgency: 'emergency' } })).json;
    const urgent = (await drained(emergency.id)).filter((d) => d.kind === 'case_assigned' && quietEmail(d));
    expect(urgent).toMatchObject([{ status: 'sent', quiet_hours: null, emergency: true }]);
    await eventually(async () => smtp.mails.some((m) => m.deliveryId === urgent[0]!.id && m.subject.includes('emergency')));
  });

  it('has a receiver that refuses a malformed or forged signature', async () => {
    const body = JSON.stringify({ id: 'forged' });
    const ts = String(Math.floor(Date.now() / 1000));
    const post = (headers: Record<string, string>) => fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.status);
    expect(await post({ 'x-grassroots-timestamp': ts, 'x-grassroots-signature': 'v1=not-hex' })).toBe(400);
    expect(await post({ 'x-grassroots-timestamp': ts })).toBe(400);
    expect(await post({ 'x-grassroots-timestamp': ts, 'x-grassroots-signature': `v1=${'ab'.repeat(32)}` })).toBe(401);
    expect(hook.accepted.some((h) => h.deliveryId === 'forged')).toBe(false);
  });
});
