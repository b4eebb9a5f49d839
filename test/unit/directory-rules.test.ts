import { describe, expect, it } from 'vitest';
import { escalationTarget, isWithin } from '../../domain/jurisdictions';
import { notificationsFor } from '../../domain/notifications';
import { route } from '../../domain/routing';
import { Directory } from '../../schema/directory';
import { directory } from './fixtures';

describe('routing table', () => {
  it('prefers the nearest jurisdiction and inherits down the tree', () => {
    expect(route(directory, 'parking', 'qinghua')).toMatchObject({ departmentId: 'wuling-urban-management', rule: 'parking@wuling' });
    expect(route(directory, 'drainage.flooding', 'xihu')).toMatchObject({ departmentId: 'lixian-housing', rule: 'drainage@changde' });
    expect(route(directory, 'drainage', 'qinghua')).toMatchObject({ departmentId: 'changde-municipal-works', rule: 'drainage@wuling' });
  });

  it('skips departments that returned the case, then gives up', () => {
    expect(route(directory, 'drainage', 'xihu', ['lixian-housing']).departmentId).toBe('changde-municipal-works');
    expect(route(directory, 'drainage', 'xihu', ['lixian-housing', 'changde-municipal-works'])).toEqual({ departmentId: null, assistingDepartmentIds: [], rule: null });
  });
});

describe('jurisdiction ladder and notifications', () => {
  it('climbs community → street → district → city and stays at the top', () => {
    expect([1, 2, 3, 4, 5].map((l) => escalationTarget(directory, 'xihu-grid-1', l)?.id)).toEqual(['xihu', 'liyang', 'lixian', 'changde', 'changde']);
    expect(isWithin(directory, 'xihu-grid-1', 'lixian')).toBe(true);
    expect(isWithin(directory, 'qinghua', 'lixian')).toBe(false);
  });

  it('derives a notification id from the event, so a retried write is a no-op', () => {
    const event = { eventId: 'e1', type: 'case_escalated', at: 0, actor: { sub: 's', role: 'system', org: 'engine' }, data: { fromLevel: 1, toLevel: 2, reason: 'deadline_missed', step: 'accept' } } as const;
    const [n] = notificationsFor(directory, { caseId: 'c', jurisdictionId: 'xihu', departmentId: 'd' }, event);
    expect(n).toMatchObject({ id: 'e1:supervisors:liyang', recipientId: 'liyang' });
  });
});

describe('directory validation', () => {
  it('names every dangling reference', () => {
    const bad = structuredClone(directory) as Record<string, any>;
    bad.routingRules[0].leadDepartmentId = 'no-such-department';
    const result = Directory.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['routingRules.0.leadDepartmentId']);
  });
});
