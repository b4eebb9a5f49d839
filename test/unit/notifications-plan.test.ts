import { describe, expect, it } from 'vitest';
import demoCity from '../../config/demo-city.json';
import { backoffMs, channelsOf, deliveryId, nextAttemptAt, planDeliveries, recipientsOf, type Person } from '../../notifications/plan';
import { quietUntil } from '../../notifications/quiet-hours';
import { Directory } from '../../schema/directory';

const directory = Directory.parse(demoCity);
const zone = directory.city.timeZone; // Asia/Shanghai, UTC+8
const at = (iso: string) => new Date(iso).getTime();

const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  role: 'department',
  org: 'lixian-housing',
  email: `${id}@example.gov`,
  phone: '13800000001',
  disabled: false,
  preferences: {},
  ...extra,
});
const entry = { id: 'ev1:department:lixian-housing', case_id: 'case-1', event_id: 'ev1', kind: 'case_assigned', recipient_kind: 'department', recipient_id: 'lixian-housing', payload: { caseId: 'case-1', departmentId: 'lixian-housing' } };
const all = { email: true, webhook: true, robot: () => false };

describe('quiet hours in the city time zone', () => {
  const night = { start: '22:00', end: '07:00' };
  it('holds a time inside a window that crosses midnight until it ends, the same night or the next morning', () => {
    expect(quietUntil(at('2026-03-02T23:30:00+08:00'), night, zone)).toBe(at('2026-03-03T07:00:00+08:00'));
    expect(quietUntil(at('2026-03-03T02:10:00+08:00'), night, zone)).toBe(at('2026-03-03T07:00:00+08:00'));
    expect(quietUntil(at('2026-03-02T22:00:00+08:00'), night, zone)).toBe(at('2026-03-03T07:00:00+08:00'));
  });
  it('lets a time outside it through, the end itself included', () => {
    expect(quietUntil(at('2026-03-03T07:00:00+08:00'), night, zone)).toBeUndefined();
    expect(quietUntil(at('2026-03-03T12:00:00+08:00'), night, zone)).toBeUndefined();
    // 14:30 UTC is 22:30 in the city: the city's clock counts, not the server's.
    expect(quietUntil(at('2026-03-03T14:30:00Z'), night, zone)).toBe(at('2026-03-04T07:00:00+08:00'));
  });
  it('takes a window within one day, and ignores malformed or empty ones', () => {
    expect(quietUntil(at('2026-03-03T12:30:00+08:00'), { start: '12:00', end: '14:00' }, zone)).toBe(at('2026-03-03T14:00:00+08:00'));
    expect(quietUntil(at('2026-03-03T12:30:00+08:00'), { start: '12:00', end: '12:00' }, zone)).toBeUndefined();
    expect(quietUntil(at('2026-03-03T12:30:00+08:00'), { start: '25:00', end: '14:00' }, zone)).toBeUndefined();
    expect(quietUntil(at('2026-03-03T12:30:00+08:00'), null, zone)).toBeUndefined();
  });
});

describe('recipients and channels', () => {
  it("takes a department's duty staff, or all its enabled people when none is on duty", () => {
    const a = person('a', { preferences: { duty: true } });
    const b = person('b');
    const off = person('c', { disabled: true, preferences: { duty: true } });
    const other = person('d', { org: 'lixian-health', preferences: { duty: true } });
    expect(recipientsOf(entry, [a, b, off, other]).map((p) => p.id)).toEqual(['a']);
    expect(recipientsOf(entry, [b, off, other]).map((p) => p.id)).toEqual(['b']);
  });
  it("takes a jurisdiction's supervisors, not its street committee", () => {
    const sup = person('s', { role: 'supervisor', org: 'xihu' });
    const street = person('t', { role: 'street', org: 'xihu' });
    expect(recipientsOf({ recipient_kind: 'supervisors', recipient_id: 'xihu' }, [sup, street]).map((p) => p.id)).toEqual(['s']);
  });
  it('gives in-app always, e-mail by default when there is an address, the webhook only when chosen, and only channels this deployment has', () => {
    expect(channelsOf(person('a'), all)).toEqual(['in_app', 'email']);
    expect(channelsOf(person('a', { email: null }), all)).toEqual(['in_app']);
    expect(channelsOf(person('a', { preferences: { channels: ['webhook'] } }), all)).toEqual(['in_app', 'webhook']);
    expect(channelsOf(person('a', { preferences: { channels: ['email', 'webhook'] } }), { email: false, webhook: false, robot: () => false })).toEqual(['in_app']);
  });
});

describe('planDeliveries', () => {
  const normal = { id: 'case-1', number: '2026-000001', title: '下水道堵塞', urgency: 'normal' };
  const night = at('2026-03-02T23:30:00+08:00');

  it('makes one delivery per recipient and channel, with stable ids', () => {
    const plan = planDeliveries({ entry, case: normal, people: [person('a'), person('b', { preferences: { channels: ['in_app', 'email', 'webhook'] } })], available: all, directory, now: night });
    expect(plan.map((d) => [d.recipient, d.channel])).toEqual([
      ['user:a', 'in_app'],
      ['user:a', 'email'],
      ['user:b', 'in_app'],
      ['user:b', 'email'],
      ['user:b', 'webhook'],
    ]);
    expect(plan[1]!.id).toBe(deliveryId(entry.id, 'user:a', 'email'));
    expect(new Set(plan.map((d) => d.id)).size).toBe(5);
    expect(plan[1]!.subject).toContain('2026-000001');
    expect(plan[1]!.body).toContain('新派单');
  });

  it('holds e-mail and webhook deliveries in quiet hours until they end, but not in-app, and not for an emergency', () => {
    const quiet = person('a', { preferences: { channels: ['in_app', 'email', 'webhook'], quietHours: { start: '22:00', end: '07:00' } } });
    const plan = planDeliveries({ entry, case: normal, people: [quiet], available: all, directory, now: night });
    expect(plan.map((d) => [d.channel, d.next_attempt_at.toISOString()])).toEqual([
      ['in_app', new Date(night).toISOString()],
      ['email', '2026-03-02T23:00:00.000Z'],
      ['webhook', '2026-03-02T23:00:00.000Z'],
    ]);
    const emergency = planDeliveries({ entry, case: { ...normal, urgency: 'emergency' }, people: [quiet], available: all, directory, now: night });
    expect(emergency.every((d) => d.next_attempt_at.getTime() === night && d.quiet_hours === null)).toBe(true);
  });

  it('addresses the organisation in-app when it has nobody yet, and its group robot mentioning who asked', () => {
    expect(planDeliveries({ entry, case: normal, people: [], available: all, directory, now: night }).map((d) => [d.recipient, d.channel])).toEqual([['org:department:lixian-housing', 'in_app']]);
    const robot = { ...all, robot: (org: string) => org === 'lixian-housing' };
    const plan = planDeliveries({ entry, case: normal, people: [person('a', { preferences: { channels: ['robot'] } })], available: robot, directory, now: night });
    expect(plan.map((d) => [d.recipient, d.channel])).toEqual([
      ['user:a', 'in_app'],
      ['group:lixian-housing', 'robot'],
    ]);
    expect(plan[1]!.data).toMatchObject({ mentions: ['13800000001'] });
  });
});

describe('backoff', () => {
  it('doubles per attempt within ±20 %, up to the maximum', () => {
    expect(backoffMs(1, 1000, 60_000, 0.5)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, 0.5)).toBe(8000);
    expect(backoffMs(4, 1000, 60_000, 0)).toBe(6400);
    expect(backoffMs(30, 1000, 60_000, 1)).toBe(60_000);
  });
  it('moves a retry that falls in quiet hours to their end', () => {
    const quiet = { start: '22:00', end: '07:00' };
    expect(nextAttemptAt(at('2026-03-02T21:59:59+08:00'), 1, { backoffMs: 10_000, backoffMaxMs: 10_000, quiet, zone, random: 0.5 })).toBe(at('2026-03-03T07:00:00+08:00'));
    expect(nextAttemptAt(at('2026-03-02T12:00:00+08:00'), 1, { backoffMs: 10_000, backoffMaxMs: 10_000, quiet, zone, random: 0.5 })).toBe(at('2026-03-02T12:00:10+08:00'));
  });
});
