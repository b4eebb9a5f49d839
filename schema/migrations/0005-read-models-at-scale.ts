import { sql, type Kysely } from 'kysely';

/**
 * Read models at city scale:
 * - `case_events.tx_id` lets the asynchronous projector read the log in commit-safe order: an
 *   event is read only once every transaction that could precede it has ended, so an event
 *   committed late by a concurrent append is never skipped.
 * - `cases.search_grams`: the character bigrams of the title and description, for substring
 *   search that works on Chinese without word segmentation (pg_trgm sees a run of Han
 *   characters as one word under the C locale, and cannot index two-character queries).
 * - `case_metrics`: one row of facts per case, kept by the projector; supervisors' figures are
 *   aggregates over it.
 * - `projections`: each asynchronous projection's checkpoint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_events add column tx_id xid8 not null default pg_current_xact_id()`.execute(db);
  await db.schema.createIndex('case_events_tx_position_idx').on('case_events').columns(['tx_id', 'position']).execute();

  // One definition for the index and the query, so both always cut text the same way.
  await sql`
    create function case_search_grams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct g), '{}')
      from (select substr(lower(t), i, 2) as g from generate_series(1, char_length(t) - 1) as i) s
      where g !~ '[[:space:][:punct:]，。；：！？、“”‘’（）《》【】…—·]'
    $$`.execute(db);
  await sql`
    alter table cases add column search_grams text[]
    generated always as (case_search_grams(coalesce(title, '') || ' ' || description)) stored`.execute(db);
  await sql`create index cases_search_grams_idx on cases using gin (search_grams)`.execute(db);
  await db.schema.createIndex('cases_created_idx').on('cases').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('cases_open_department_due_idx').on('cases').columns(['department_id', 'next_due_at', 'id']).where(sql.ref('closed_at'), 'is', null).execute();

  await db.schema
    .createTable('case_metrics')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction_id', 'text', (c) => c.notNull())
    .addColumn('street_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted', 'boolean', (c) => c.notNull())
    .addColumn('accepted_on_time', 'boolean', (c) => c.notNull())
    .addColumn('contacted', 'boolean', (c) => c.notNull())
    .addColumn('contacted_on_time', 'boolean', (c) => c.notNull())
    .addColumn('resolved', 'boolean', (c) => c.notNull())
    .addColumn('resolved_on_time', 'boolean', (c) => c.notNull())
    .addColumn('rating', 'text')
    .addColumn('reopened', 'boolean', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('closed', 'boolean', (c) => c.notNull())
    .addColumn('backlog_at', 'timestamptz')
    .addColumn('escalations', sql`integer[]`, (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('resolve_ms', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_metrics_received_idx').on('case_metrics').columns(['received_at']).execute();
  await db.schema.createIndex('case_metrics_department_idx').on('case_metrics').columns(['department_id', 'received_at']).execute();
  await db.schema.createIndex('case_metrics_street_idx').on('case_metrics').columns(['street_id', 'received_at']).execute();

  await db.schema
    .createTable('projections')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_tx_id', sql`xid8`, (c) => c.notNull())
    .addColumn('last_position', 'bigint', (c) => c.notNull())
    .addColumn('events_projected', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('projections').execute();
  await db.schema.dropTable('case_metrics').execute();
  await db.schema.dropIndex('cases_open_department_due_idx').execute();
  await db.schema.dropIndex('cases_created_idx').execute();
  await sql`drop index cases_search_grams_idx`.execute(db);
  await db.schema.alterTable('cases').dropColumn('search_grams').execute();
  await sql`drop function case_search_grams(text)`.execute(db);
  await db.schema.dropIndex('case_events_tx_position_idx').execute();
  await db.schema.alterTable('case_events').dropColumn('tx_id').execute();
}
