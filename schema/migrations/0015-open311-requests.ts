import { sql, type Kysely } from 'kysely';

/**
 * What an Open311 POST says beyond the case (issue 17, item 5): the resident's `email`, the
 * `device_id` and `account_id` of the client that posted, and the answers to the service's
 * `attributes`. Kept here, keyed by case, rather than in the event log, which holds nothing
 * personal in clear and cannot forget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('open311_requests')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('device_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open311_requests').execute();
}
