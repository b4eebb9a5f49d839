import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CaseService } from '../api/case-service';
import type { Database } from '../schema/database';
import type { Actor } from '../schema/actor';
import type { CaseState } from '../schema/case-state';
import type { Logger } from './logger';

const street: Actor = { sub: 'demo.street', role: 'street', org: 'liyang' };
const housing: Actor = { sub: 'demo.housing', role: 'department', org: 'lixian-housing' };
const urbanManagement: Actor = { sub: 'demo.urban', role: 'department', org: 'lixian-urban-management' };

/** Where the demo keeps the id of its database (a row of the API's idempotency keys: no migration needed). */
const DEMO_RUN_ROW = { scope: '(system) demo', key: 'database-id' } as const;

/**
 * An id made the first time the demo runs on this database and kept in it. The demo's
 * idempotency keys (so its case ids and workflow ids) derive from it: a restart on the same
 * database finds the same cases, while a fresh database against a Temporal server that keeps the
 * first run's (closed) workflows gets new ones instead of colliding with them.
 */
export async function demoDatabaseId(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('idempotency_keys')
    .values({ ...DEMO_RUN_ROW, request_hash: randomUUID(), status_code: 200, response: JSON.stringify({ demo: true }) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom('idempotency_keys')
    .select('request_hash')
    .where('scope', '=', DEMO_RUN_ROW.scope)
    .where('key', '=', DEMO_RUN_ROW.key)
    .executeTakeFirstOrThrow();
  return row.request_hash;
}

/**
 * Demo cases drawn from the seeds. Idempotency keys (per database, see demoDatabaseId) make a
 * restart find the same cases instead of submitting them again; each step runs only if the case
 * is still before it.
 */
export async function runDemo(service: CaseService, db: Kysely<Database>, log: Logger): Promise<CaseState[]> {
  const run = await demoDatabaseId(db);
  const key = (name: string) => `demo-${name}-${run}`;
  // A retried submission answers its first response again; where the case stands now is in the read model.
  const current = async (submitted: CaseState) => (await service.get(submitted.caseId)) ?? submitted;
  const sewer = await current(await service.submit(
    {
      title: '西湖社区下水道破损、雨污混流',
      description: '西湖社区居民反映：3栋旁下水道破损堵塞，雨污混流，污水外溢，出行困难，请求尽快修复。',
      location: { jurisdictionId: 'xihu', address: '西湖社区3栋' },
      reporter: { name: '张女士', phone: '13800000001', anonymous: false },
    },
    street,
    key('sewer'),
  ));
  if (sewer.status === 'assigned') {
    await service.act(sewer.caseId, 'accept', housing, {});
    await service.act(sewer.caseId, 'contact', housing, { note: '已电话联系张女士，约定次日上午现场查看' });
    const v = await service.act(sewer.caseId, 'scheduleVisit', housing, { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), cadres: ['刘伟', '陈静'] });
    await service.act(sewer.caseId, 'completeVisit', housing, { visitId: v.visits[0]!.id, findings: '3栋旁管段塌陷，雨水管与污水管错接' });
    await service.act(sewer.caseId, 'resolve', housing, { summary: '更换塌陷管段，雨污分流改造完成', outcome: 'resolved' });
    await service.act(sewer.caseId, 'feedback', street, { rating: 'satisfied', comment: '两天修好，居民满意' });
  }

  const parking = await current(await service.submit(
    {
      title: 'Parking shortage in Chengbei compound',
      description: 'Residents of the Chengbei compound say cars are parked on the fire lane every night because there are not enough parking spaces.',
      location: { jurisdictionId: 'chengbei', address: 'Chengbei Community compound' },
      urgency: 'urgent',
    },
    street,
    key('parking'),
  ));
  if (parking.status === 'assigned') {
    await service.act(parking.caseId, 'accept', urbanManagement, {});
    await service.act(parking.caseId, 'contact', urbanManagement, { note: 'Met the residents committee and the property company' });
  }

  const unclear = await service.submit(
    { description: 'A resident asks someone to come and look at the situation behind the market', location: { jurisdictionId: 'liyang' } },
    street,
    key('unclear'),
  );

  const cases = await Promise.all([sewer, parking, unclear].map(async (c) => (await service.get(c.caseId)) ?? c));
  for (const c of cases) log.info({ caseId: c.caseId, status: c.status, departmentId: c.departmentId, outcome: c.outcome }, 'demo case');
  return cases;
}
