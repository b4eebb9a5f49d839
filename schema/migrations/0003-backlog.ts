import { sql, type Kysely } from 'kysely';

/** When an open case becomes a backlog case; lists and metrics compare it with now. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('backlog_at', 'timestamptz').execute();
  await db.schema.createIndex('cases_backlog_idx').on('cases').columns(['backlog_at']).where(sql.ref('closed_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_backlog_idx').execute();
  await db.schema.alterTable('cases').dropColumn('backlog_at').execute();
}
