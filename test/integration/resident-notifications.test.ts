// Issue 16, item 3: the resident is told, by text through the city's SMS gateway (the signed
// webhook), when their case is accepted, when a visit is scheduled and when it is resolved —
// once each, with the case number and their tracking code, and nothing the office wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNotifyConfig } from '../../notifications/config';
import { startRelay, type Relay } from '../../notifications/relay';
import { startWebhookReceiver } from '../notifications/receivers';
import { sewerReport } from '../support/actors';
import { eventually } from '../support/test-engine';
import { startTestApi, type TestApi } from '../support/test-api';

const SECRET = 'sms-gateway-secret-0123456789';
let api: TestApi;
let gateway: Awaited<ReturnType<typeof startWebhookReceiver>>;
let relay: Relay;

beforeAll(async () => {
  [api, gateway] = await Promise.all([startTestApi(), startWebhookReceiver(SECRET)]);
  // Quiet hours off: the test must not depend on the hour in Changde.
  relay = startRelay({ db: api.engine.db, directory: api.engine.directory, config: { ...loadNotifyConfig({}), webhook: { url: gateway.url, secret: SECRET }, pollMs: 100, residentQuietHours: null } });
}, 120_000);
afterAll(async () => {
  await relay?.stop();
  await gateway?.close();
  await api?.close();
});

const textsTo = (phone: string) => gateway.accepted.filter((h) => h.body.to.phone === phone);

describe('a resident who left a phone', () => {
  it('is texted at acceptance, at a scheduled visit and at resolution, once each, with the tracking code', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, reporter: { name: 'Zhang San', phone: '13911112222', anonymous: false } } })).json;
    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    await api.post(`/v1/cases/${c.id}/contact`, { as: 'housing', body: { note: 'told her the crew comes on Monday' } });
    await api.post(`/v1/cases/${c.id}/visits`, { as: 'housing', body: { scheduledFor: '2031-05-06T09:30:00+08:00', cadres: ['Liu Wei'] } });
    await api.post(`/v1/cases/${c.id}/resolve`, { as: 'housing', body: { summary: 'crew of Wang Gang cleared it', outcome: 'resolved' } });

    const texts = await eventually(async () => textsTo('13911112222').length >= 3 && textsTo('13911112222'));
    expect(texts.map((t) => t.body.kind).sort()).toEqual(['assignment_accepted', 'case_resolved', 'visit_scheduled']);
    for (const t of texts) {
      expect(t.body.text).toContain(c.number);
      expect(t.body.text).toContain(c.trackingCode);
      expect(t.body.text).not.toMatch(/Liu Wei|Wang Gang|told her/);
    }
    expect(texts.find((t) => t.body.kind === 'visit_scheduled')!.body.text).toContain('2031-05-06 09:30');
    // Once: a while later there is still one of each.
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo('13911112222')).toHaveLength(3);
    // Their case's deliveries show the texts to a supervisor, addressed to the resident.
    const deliveries = await api.get(`/v1/cases/${c.id}/deliveries`, { as: 'supervisor' });
    const toResident = deliveries.json.items.filter((d: { recipient: { type: string } }) => d.recipient.type === 'resident');
    expect(toResident).toHaveLength(3);
    expect(toResident.every((d: { address: string | null; status: string }) => d.address === null && d.status === 'sent')).toBe(true);
  }, 60_000);

  it('is not texted when they asked to stay anonymous', async () => {
    const c = (await api.post('/v1/cases', { as: 'street', body: { ...sewerReport, reporter: { phone: '13933334444', anonymous: true } } })).json;
    await api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' });
    // The acceptance's outbox row is expanded to nothing for the resident.
    await eventually(async () => {
      const row = await api.engine.db.selectFrom('outbox').select('sent_at').where('case_id', '=', c.id).where('recipient_kind', '=', 'resident').executeTakeFirst();
      return row?.sent_at != null;
    });
    expect(textsTo('13933334444')).toEqual([]);
  });
});
