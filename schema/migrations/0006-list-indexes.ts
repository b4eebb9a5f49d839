import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the case list's common filters at city scale (measured by `npm run bench:queries`):
 * a department's cases newest first, and the few overdue or backlog cases without scanning the
 * many others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('cases_department_created_idx').on('cases').columns(['department_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('cases_overdue_created_idx').on('cases').columns(['created_at', 'id']).where(sql.ref('overdue'), '=', true).execute();
  // backlog_at as a key column: `backlog=true` then filters inside the index; as a heap column,
  // the newest open cases (rarely backlog yet) cost 12,000 heap visits for 50 rows.
  await db.schema.createIndex('cases_open_created_backlog_idx').on('cases').columns(['created_at', 'id', 'backlog_at']).where(sql.ref('closed_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_open_created_backlog_idx').execute();
  await db.schema.dropIndex('cases_overdue_created_idx').execute();
  await db.schema.dropIndex('cases_department_created_idx').execute();
}
