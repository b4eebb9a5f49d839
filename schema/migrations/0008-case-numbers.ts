import { sql, type Kysely } from 'kysely';

/**
 * Case numbers an operator can read out on the phone (2026-000123). A number is taken from one
 * sequence per deployment and kept against its case id in `case_numbers` before the case starts,
 * so a retried submission (the same case id) gets the same number and none is given twice. The
 * number is recorded in `case_reported` too, so the read model rebuilt from the log keeps it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence case_number_seq`.execute(db);
  await db.schema
    .createTable('case_numbers')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('cases').addColumn('number', 'text').execute();
  await db.schema.createIndex('cases_number_idx').on('cases').column('number').unique().where(sql.ref('number'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_number_idx').execute();
  await db.schema.alterTable('cases').dropColumn('number').execute();
  await db.schema.dropTable('case_numbers').execute();
  await sql`drop sequence case_number_seq`.execute(db);
}
