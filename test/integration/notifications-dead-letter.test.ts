// A dead receiver: its deliveries back off, end in dead-letter after the configured attempts, and
// the case goes on meanwhile, to its close. Supervisors see the dead letters of their jurisdiction
// and send one again once the receiver is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNotifyConfig } from '../../notifications/config';
import { startRelay, type Relay } from '../../notifications/relay';
import { addUsers } from '../notifications/people';
import { startWebhookReceiver } from '../notifications/receivers';
import { sewerReport } from '../support/actors';
import { eventually } from '../support/test-engine';
import { startTestApi, type TestApi } from '../support/test-api';

const SECRET = 'webhook-secret-shared-with-the-gateway';
const days = { dispatch: 'P1D', accept: 'P1D', contact: 'P1D', visit: 'P1D', resolve: 'P1D', feedback: 'P1D' };
const MAX_ATTEMPTS = 3;

let api: TestApi;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let relay: Relay;
const outcomes: string[] = [];

beforeAll(async () => {
  [api, hook] = await Promise.all([startTestApi({ policy: { deadlines: { normal: days, urgent: days, emergency: days } } }), startWebhookReceiver(SECRET)]);
  hook.state.down = true;
  await addUsers(api.engine.db, [{ id: 'h1', role: 'department', org: 'lixian-housing', phone: '13800000001', preferences: { duty: true, channels: ['in_app', 'webhook', 'robot'] } }]);
  relay = startRelay({
    db: api.engine.db,
    directory: api.engine.directory,
    // The webhook answers 503; the housing centre's group robot is nowhere (nothing listens on port 9).
    config: { ...loadNotifyConfig({}), webhook: { url: hook.url, secret: SECRET }, robots: { 'lixian-housing': 'http://127.0.0.1:9/cgi-bin/webhook/send?key=k' }, maxAttempts: MAX_ATTEMPTS, backoffMs: 150, backoffMaxMs: 600, pollMs: 50, leaseMs: 3000, sendTimeoutMs: 2000 },
    onOutcome: (d, outcome) => outcomes.push(`${d.channel} ${outcome}`),
  });
}, 120_000);
afterAll(async () => {
  await relay?.stop();
  await api?.close();
  await hook?.close();
});

describe('a dead receiver', () => {
  let caseId: string;

  it('never holds the case back: it goes round the whole loop while its notifications fail', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: sewerReport })).json;
    caseId = c.id;
    await eventually(async () => outcomes.some((o) => o.startsWith('webhook retry')));
    for (const [path, body] of [
      ['accept', {}],
      ['contact', { note: 'called the resident' }],
    ] as const) {
      expect((await api.post(`/v1/cases/${caseId}/${path}`, { as: 'housing', body })).status).toBe(200);
    }
    const visit = (await api.post(`/v1/cases/${caseId}/visits`, { as: 'housing', body: { scheduledFor: new Date(Date.now() + 3_600_000).toISOString(), cadres: ['Liu Wei'] } })).json;
    expect((await api.post(`/v1/cases/${caseId}/visits/${visit.visitId}/complete`, { as: 'housing', body: { findings: 'collapsed pipe' } })).status).toBe(200);
    expect((await api.post(`/v1/cases/${caseId}/resolve`, { as: 'housing', body: { summary: 'pipe replaced', outcome: 'resolved' } })).status).toBe(200);
    const closed = await api.post(`/v1/cases/${caseId}/feedback`, { as: 'street', body: { rating: 'satisfied' } });
    expect(closed.json).toMatchObject({ status: 'closed', outcome: 'satisfied' });
  });

  it(`dead-letters each failing delivery after ${MAX_ATTEMPTS} attempts with the reason; in-app is delivered`, async () => {
    const rows = await eventually(async () => {
      const r = await api.engine.db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).where('kind', '=', 'case_assigned').where('org', '=', 'lixian-housing').execute();
      return r.length === 3 && r.every((d) => d.status !== 'pending') && r;
    });
    const by = Object.fromEntries(rows.map((d) => [d.channel, d]));
    expect(by.in_app).toMatchObject({ status: 'sent', attempts: 1 });
    expect(by.webhook).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, last_error: expect.stringContaining('503') });
    expect(by.robot).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, last_error: expect.stringMatching(/ECONNREFUSED|127\.0\.0\.1:9/) });
    // Backed off between attempts: never tried again at once.
    expect(by.webhook!.dead_at!.getTime() - by.webhook!.created_at.getTime()).toBeGreaterThanOrEqual(150 * 0.8 + 300 * 0.8);
    expect(outcomes.filter((o) => o === 'webhook retry').length).toBeGreaterThanOrEqual(MAX_ATTEMPTS - 1);
  });

  it('lists dead letters to supervisors of the jurisdiction and admins, not to others', async () => {
    const seen = await api.get('/v1/notifications/dead-letter', { as: 'supervisor' });
    expect(seen.status).toBe(200);
    const mine = seen.json.items.filter((d: { caseId: string }) => d.caseId === caseId);
    expect(mine.map((d: { channel: string }) => d.channel).sort()).toEqual(['robot', 'webhook']);
    expect(mine[0]).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, caseNumber: expect.stringMatching(/^\d{4}-\d{6}$/), deadAt: expect.any(String), nextAttemptAt: null });
    expect((await api.get('/v1/notifications/dead-letter', { as: 'admin' })).json.items.length).toBeGreaterThanOrEqual(2);
    expect((await api.get('/v1/notifications/dead-letter', { as: 'otherSupervisor' })).json.items).toEqual([]);
    expect((await api.get('/v1/notifications/dead-letter', { as: 'housing' })).status).toBe(403);
    const deliveries = await api.get(`/v1/cases/${caseId}/deliveries`, { as: 'supervisor' });
    expect(deliveries.json.items.filter((d: { status: string }) => d.status === 'dead')).toHaveLength(2);
  });

  it('sends a dead letter again when an operator asks, once the receiver is back', async () => {
    const dead = (await api.get('/v1/notifications/dead-letter', { as: 'supervisor' })).json.items.find((d: { caseId: string; channel: string }) => d.caseId === caseId && d.channel === 'webhook');
    expect((await api.post(`/v1/notifications/dead-letter/${dead.id}/retry`, { as: 'otherSupervisor' })).status).toBe(404);
    expect((await api.post(`/v1/notifications/dead-letter/${dead.id}/retry`, { as: 'housing' })).status).toBe(403);
    expect((await api.post('/v1/notifications/dead-letter/d-unknown/retry', { as: 'supervisor' })).status).toBe(404);
    hook.state.down = false;
    const retried = await api.post(`/v1/notifications/dead-letter/${dead.id}/retry`, { as: 'supervisor' });
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await eventually(async () => (await api.engine.db.selectFrom('deliveries').select('status').where('id', '=', dead.id).executeTakeFirst())?.status === 'sent');
    expect(hook.accepted.filter((h) => h.deliveryId === dead.id)).toHaveLength(1);
    // Sent now: nothing to retry.
    const again = await api.post(`/v1/notifications/dead-letter/${dead.id}/retry`, { as: 'supervisor' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'invalid_state' });
  });

  it('does not deliver an outbox row older than NOTIFY_MAX_AGE_MS (a relay started on a long-undrained outbox)', async () => {
    const id = `old-event:department:lixian-housing`;
    await api.engine.db
      .insertInto('outbox')
      .values({ id, case_id: caseId, event_id: '00000000-0000-4000-8000-000000000001', kind: 'deadline_warning', recipient_kind: 'department', recipient_id: 'lixian-housing', payload: JSON.stringify({ caseId, step: 'accept' }), created_at: new Date(Date.now() - 3 * 86_400_000), sent_at: null })
      .execute();
    await eventually(async () => (await api.engine.db.selectFrom('outbox').select('sent_at').where('id', '=', id).executeTakeFirst())?.sent_at);
    expect(await api.engine.db.selectFrom('deliveries').select('id').where('outbox_id', '=', id).execute()).toEqual([]);
  });
});
