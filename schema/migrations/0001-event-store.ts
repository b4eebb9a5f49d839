import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_events')
    .addColumn('position', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('case_events_case_seq_key', ['case_id', 'seq'])
    .addUniqueConstraint('case_events_case_event_key', ['case_id', 'event_id'])
    .execute();
  await db.schema.createIndex('case_events_type_idx').on('case_events').columns(['type', 'occurred_at']).execute();

  // Append-only: history is corrected by new events, never by editing old ones.
  await sql`
    create function case_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'case_events is append-only: % is not allowed', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger case_events_append_only before update or delete on case_events
    for each row execute function case_events_append_only()`.execute(db);

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('department_id', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('next_due_at', 'timestamptz')
    .addColumn('reopen_count', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_status_created_idx').on('cases').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('cases_department_due_idx').on('cases').columns(['department_id', 'next_due_at']).execute();
  await db.schema.createIndex('cases_jurisdiction_created_idx').on('cases').columns(['jurisdiction_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_unsent_idx on outbox (created_at) where sent_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('cases').execute();
  await db.schema.dropTable('case_events').execute();
  await sql`drop function case_events_append_only()`.execute(db);
}
