import type { Kysely } from 'kysely';

/**
 * A tracking code per case for the resident (CONTRACT.md "Residents"): given at submission, kept
 * beside the case number so a retried submission gives the same one. It is a capability (read the
 * case's public status, rate it once), not personal data, so it stays out of the event log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_numbers').addColumn('tracking_code', 'text', (c) => c.unique()).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_numbers').dropColumn('tracking_code').execute();
}
