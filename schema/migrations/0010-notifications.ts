import { sql, type Kysely } from 'kysely';

/**
 * Notifications delivered (notifications/relay.ts). The relay takes each outbox row once
 * (`outbox.sent_at` is when it was expanded) and writes one delivery per recipient and channel;
 * the unique key makes that expansion idempotent. A delivery is claimed by moving its
 * `next_attempt_at` past a lease (`for update skip locked`), sent, and only then marked `sent`;
 * failures back off exponentially and end `dead` after the configured attempts.
 * `notifications` is the in-app channel: one row per person (or per organisation, when it has no
 * people yet), its id the delivery's, so writing it again adds nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // user:<id>, org:<role>:<org> (no people yet: in-app for anyone of the org), group:<org> (a group robot)
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('audience_role', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // the e-mail address or phone number as it was when the row was expanded
    .addColumn('address', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('emergency', 'boolean', (c) => c.notNull().defaultTo(false))
    // {start, end} in the city's time zone, for channels that wait them out (null: never waits)
    .addColumn('quiet_hours', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('dead_at', 'timestamptz')
    .addUniqueConstraint('deliveries_once', ['outbox_id', 'recipient', 'channel'])
    .execute();
  await sql`create index deliveries_due_idx on deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index deliveries_dead_idx on deliveries (dead_at desc) where status = 'dead'`.execute(db);
  await db.schema.createIndex('deliveries_case_idx').on('deliveries').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    // Orders the live feed in commit-safe order, as case_events.tx_id does for the projector.
    .addColumn('tx_id', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('user_id', 'text')
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await sql`create index notifications_user_idx on notifications (user_id, created_at desc, id desc) where user_id is not null`.execute(db);
  await sql`create index notifications_org_idx on notifications (org, role, created_at desc, id desc) where user_id is null`.execute(db);
  await db.schema.createIndex('notifications_tx_idx').on('notifications').columns(['tx_id', 'position']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('deliveries').execute();
}
