import { sql, type Kysely } from 'kysely';

/**
 * The embedded attachment store (issue 17, item 1): the bytes of each file on a case, and of its
 * thumbnail, when ATTACHMENTS_STORE is `database` (the default). What a file is, who added it and
 * its digest are in the event log (`attachment_added`); this table holds only bytes, by key
 * (`<case id>/<attachment id>` and `…/thumbnail`). With the S3-compatible store it stays empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachment_blobs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('attachment_blobs_case_idx').on('attachment_blobs').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment_blobs').execute();
}
