import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeliveriesTable, NotificationsTable } from '../schema/database';
import type { Directory } from '../schema/directory';
import { planDeliveries, type Available, type Person, type PlannedDelivery, type Resident } from '../notifications/plan';
import { safeHorizon } from './projections/projector';

export type DeliveryRow = Selectable<DeliveriesTable>;
export type NotificationRow = Selectable<NotificationsTable>;

export interface ExpandOptions {
  directory: Directory;
  available: Available;
  consoleUrl?: string;
  now: number;
  limit: number;
  /** Outbox rows older than this are marked expanded with no deliveries: news that old helps nobody (a relay started on a long-undrained outbox). */
  maxAgeMs?: number;
  /** When residents are not texted, except in emergencies (null: any time). */
  residentQuietHours?: { start: string; end: string } | null;
}

/**
 * How to reach each case's resident: the phone they left (none when they asked to stay
 * anonymous) and their tracking code. Read when the row is expanded, so nothing personal is in the outbox.
 */
async function residentsOf(trx: Kysely<Database>, caseIds: string[]): Promise<Map<string, Resident>> {
  if (caseIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('cases')
    .leftJoin('case_numbers', 'case_numbers.case_id', 'cases.id')
    .select(['cases.id as id', 'cases.state as state', 'case_numbers.tracking_code as trackingCode'])
    .where('cases.id', 'in', caseIds)
    .execute();
  return new Map(
    rows.map((r) => {
      const reporter = r.state.report?.reporter;
      return [r.id, { phone: reporter && !reporter.anonymous ? (reporter.phone ?? null) : null, trackingCode: r.trackingCode }];
    }),
  );
}

/**
 * Takes outbox rows no relay has expanded yet (`for update skip locked`: relays in several
 * workers share the work), writes their deliveries, and marks them expanded, in one transaction.
 * A delivery already there (the same outbox row, recipient and channel) is left as it is, so a
 * crash anywhere here at worst expands the row again to the same deliveries.
 */
export async function expandOutbox(db: Kysely<Database>, opts: ExpandOptions): Promise<{ entries: number; deliveries: number; skipped: number }> {
  return db.transaction().execute(async (trx) => {
    const entries = await trx.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('created_at').limit(opts.limit).forUpdate().skipLocked().execute();
    if (entries.length === 0) return { entries: 0, deliveries: 0, skipped: 0 };
    const caseIds = [...new Set(entries.map((e) => e.case_id))];
    const cases = await trx.selectFrom('cases').select(['id', 'number', 'title', 'urgency']).where('id', 'in', caseIds).execute();
    const byCase = new Map(cases.map((c) => [c.id, c]));
    const orgs = [...new Set(entries.map((e) => e.recipient_id))];
    const people: Person[] = await trx
      .selectFrom('users')
      .select(['id', 'name', 'role', 'org', 'email', 'phone', 'disabled', 'preferences'])
      .where('org', 'in', orgs)
      .where('disabled', '=', false)
      .execute();
    const residents = await residentsOf(trx, [...new Set(entries.filter((e) => e.recipient_kind === 'resident').map((e) => e.case_id))]);
    const tooOld = opts.maxAgeMs === undefined ? () => false : (e: { created_at: Date }) => opts.now - new Date(e.created_at).getTime() > opts.maxAgeMs!;
    const planned: PlannedDelivery[] = entries.filter((e) => !tooOld(e)).flatMap((entry) =>
      planDeliveries({
        entry,
        case: byCase.get(entry.case_id) ?? { id: entry.case_id, number: null, title: null, urgency: 'normal' },
        people,
        available: opts.available,
        directory: opts.directory,
        now: opts.now,
        ...(opts.consoleUrl ? { consoleUrl: opts.consoleUrl } : {}),
        ...(entry.recipient_kind === 'resident' ? { resident: residents.get(entry.case_id) ?? { phone: null, trackingCode: null }, residentQuietHours: opts.residentQuietHours ?? null } : {}),
      }),
    );
    let written = 0;
    for (let i = 0; i < planned.length; i += 500) {
      const chunk = planned.slice(i, i + 500);
      const result = await trx
        .insertInto('deliveries')
        .values(chunk.map((d) => ({ ...d, data: JSON.stringify(d.data), quiet_hours: d.quiet_hours ? JSON.stringify(d.quiet_hours) : null })))
        .onConflict((oc) => oc.columns(['outbox_id', 'recipient', 'channel']).doNothing())
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    await trx
      .updateTable('outbox')
      .set({ sent_at: new Date(opts.now) })
      .where('id', 'in', entries.map((e) => e.id))
      .execute();
    return { entries: entries.length, deliveries: written, skipped: entries.filter(tooOld).length };
  });
}

/**
 * Claims due deliveries: counts the attempt and moves `next_attempt_at` to the end of a lease, so
 * no other relay takes them meanwhile (`for update skip locked` keeps two relays off the same
 * row); if this relay dies, the lease runs out and another one takes them again.
 */
export async function claimDeliveries(db: Kysely<Database>, opts: { now: number; leaseMs: number; limit: number }): Promise<DeliveryRow[]> {
  const now = new Date(opts.now);
  const { rows } = await sql<DeliveryRow>`
    update deliveries d
    set attempts = d.attempts + 1, next_attempt_at = ${new Date(opts.now + opts.leaseMs)}, claimed_at = ${now}
    where d.id in (
      select id from deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${opts.limit}
      for update skip locked)
    returning d.*`.execute(db);
  return rows;
}

/**
 * Records a delivery as sent, after its channel acknowledged it; only by the claim that sent it
 * (the same attempt): false when the lease ran out and another relay took it meanwhile.
 */
export async function recordSent(db: Kysely<Database>, d: Pick<DeliveryRow, 'id' | 'attempts'>, now: number): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set({ status: 'sent', sent_at: new Date(now), last_error: null })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed attempt: tried again at `retryAt`, or dead-lettered (retryAt null). */
export async function recordFailure(db: Kysely<Database>, d: Pick<DeliveryRow, 'id' | 'attempts'>, error: string, now: number, retryAt: number | null): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set(retryAt === null ? { status: 'dead', dead_at: new Date(now), last_error: error } : { next_attempt_at: new Date(retryAt), last_error: error })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The in-app channel for claimed deliveries: their notifications and their record in one
 * transaction, so there is no window between the two. Returns the ids recorded (not those another
 * relay took over after the lease ran out).
 */
export async function deliverInApp(db: Kysely<Database>, rows: DeliveryRow[], now: number): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .updateTable('deliveries')
      .set({ status: 'sent', sent_at: new Date(now), last_error: null })
      .where('status', '=', 'pending')
      .where((eb) => eb.or(rows.map((d) => eb.and([eb('id', '=', d.id), eb('attempts', '=', d.attempts)]))))
      .returning('id')
      .execute();
    const ids = new Set(recorded.map((r) => r.id));
    const mine = rows.filter((d) => ids.has(d.id));
    if (mine.length > 0) {
      await trx
        .insertInto('notifications')
        .values(mine.map((d) => ({ id: d.id, user_id: d.user_id, org: d.org, role: d.audience_role, case_id: d.case_id, kind: d.kind, subject: d.subject, body: d.body, data: JSON.stringify(d.data ?? {}), read_at: null })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    return ids;
  });
}

/** Puts a claimed delivery back until `until` (quiet hours) without counting the attempt. */
export async function deferDelivery(db: Kysely<Database>, d: Pick<DeliveryRow, 'id' | 'attempts'>, until: number): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set({ next_attempt_at: new Date(until), attempts: d.attempts - 1 })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The in-app channel: the notification row, keyed by the delivery id, so a second write adds nothing. */
export async function insertInApp(db: Kysely<Database>, d: Pick<DeliveryRow, 'id' | 'user_id' | 'org' | 'audience_role' | 'case_id' | 'kind' | 'subject' | 'body' | 'data'>): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ id: d.id, user_id: d.user_id, org: d.org, role: d.audience_role, case_id: d.case_id, kind: d.kind, subject: d.subject, body: d.body, data: JSON.stringify(d.data ?? {}), read_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

// ---- reads and operator actions, for the API ----

/** Who reads notifications: a person (their own) and the organisation-wide ones of their org and role. */
export interface Reader {
  userId: string;
  org: string;
  role: string;
}

const readerFilter = (who: Reader) => (eb: any) =>
  eb.or([eb('user_id', '=', who.userId), eb.and([eb('user_id', 'is', null), eb('org', '=', who.org), eb('role', '=', who.role)])]);

export async function listNotifications(db: Kysely<Database>, who: Reader, opts: { limit: number; before?: { createdAt: Date; id: string }; unreadOnly?: boolean }) {
  let q = db.selectFrom('notifications').selectAll().where(readerFilter(who)).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  if (opts.before) {
    const { createdAt, id } = opts.before;
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return q.execute();
}

export async function unreadCount(db: Kysely<Database>, who: Reader): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(readerFilter(who))
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one of the reader's notifications read (again: no change); undefined when it is not theirs. */
export async function markRead(db: Kysely<Database>, who: Reader, id: string, now: Date): Promise<NotificationRow | undefined> {
  const row = await db.selectFrom('notifications').selectAll().where('id', '=', id).where(readerFilter(who)).executeTakeFirst();
  if (!row || row.read_at) return row;
  return db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('read_at', 'is', null).returningAll().executeTakeFirst().then((r) => r ?? row);
}

/** Dead-lettered deliveries, newest first; `jurisdictionIds` limits them to cases located there. */
export async function deadLetters(db: Kysely<Database>, opts: { jurisdictionIds?: string[]; limit: number; before?: { deadAt: Date; id: string } }) {
  let q = db
    .selectFrom('deliveries as d')
    .leftJoin('cases as c', 'c.id', 'd.case_id')
    .selectAll('d')
    .select(['c.number as case_number', 'c.jurisdiction_id'])
    .where('d.status', '=', 'dead')
    .orderBy('d.dead_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(opts.limit);
  if (opts.jurisdictionIds) q = q.where('c.jurisdiction_id', 'in', opts.jurisdictionIds.length ? opts.jurisdictionIds : ['']);
  if (opts.before) {
    const { deadAt, id } = opts.before;
    q = q.where((eb) => eb.or([eb('d.dead_at', '<', deadAt), eb.and([eb('d.dead_at', '=', deadAt), eb('d.id', '<', id)])]));
  }
  return q.execute();
}

export async function deliveryWithCase(db: Kysely<Database>, id: string) {
  return db.selectFrom('deliveries as d').leftJoin('cases as c', 'c.id', 'd.case_id').selectAll('d').select(['c.jurisdiction_id']).where('d.id', '=', id).executeTakeFirst();
}

/** An operator sends a dead delivery again: a fresh round of attempts from now. Only dead ones. */
export async function retryDelivery(db: Kysely<Database>, id: string, now: Date): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, dead_at: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returningAll()
    .executeTakeFirst();
}

export async function caseDeliveries(db: Kysely<Database>, caseId: string): Promise<DeliveryRow[]> {
  return db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('kind').orderBy('recipient').orderBy('channel').execute();
}

/** Counts of deliveries by status, for gauges. */
export async function deliveryCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ---- the live feed ----

export interface FeedPosition {
  txId: string;
  position: string;
}

/** The newest position safe to read from: notifications after it are new. */
export async function notificationHead(db: Kysely<Database>): Promise<FeedPosition> {
  const { rows } = await sql<FeedPosition>`
    with horizon as (${safeHorizon})
    select coalesce(max(tx_id)::text, '0') as "txId", coalesce(max(position)::text, '0') as "position"
    from notifications, horizon where tx_id < horizon.xid`.execute(db);
  return rows[0] ?? { txId: '0', position: '0' };
}

/** Notifications written after `after`, in commit-safe order (a later position may commit first). */
export async function notificationsAfter(db: Kysely<Database>, after: FeedPosition, limit = 500): Promise<{ rows: NotificationRow[]; position: FeedPosition }> {
  const { rows } = await sql<NotificationRow & { txText: string; positionText: string }>`
    with horizon as (${safeHorizon})
    select n.*, n.tx_id::text as "txText", n.position::text as "positionText"
    from notifications n, horizon
    where (n.tx_id, n.position) > (${after.txId}::xid8, ${after.position}::bigint) and n.tx_id < horizon.xid
    order by n.tx_id, n.position
    limit ${limit}`.execute(db);
  const last = rows.at(-1);
  return { rows, position: last ? { txId: last.txText, position: last.positionText } : after };
}
