import { sql, type Kysely } from 'kysely';

/** The open case a case duplicates; the duplicate finder looks up open cases by category. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('duplicate_of', 'text').execute();
  await db.schema.createIndex('cases_duplicate_of_idx').on('cases').column('duplicate_of').where(sql.ref('duplicate_of'), 'is not', null).execute();
  await db.schema.createIndex('cases_open_category_idx').on('cases').columns(['category_id', 'created_at']).where(sql.ref('closed_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_open_category_idx').execute();
  await db.schema.dropIndex('cases_duplicate_of_idx').execute();
  await db.schema.alterTable('cases').dropColumn('duplicate_of').execute();
}
