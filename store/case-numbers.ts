import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';

/** `2026-000123`: the year the case came in (in the city's time zone) and its place in the deployment's sequence. */
export const CASE_NUMBER = /^\d{4}-\d{6,}$/;

/**
 * The number of a case, taken on its first submission and given again to every retry of it.
 * Two concurrent first submissions of one case both insert; the primary key keeps one, and the
 * other's sequence value is skipped, never reused.
 */
export async function caseNumberFor(db: Kysely<Database>, caseId: string, year: number): Promise<string> {
  const existing = await db.selectFrom('case_numbers').select('number').where('case_id', '=', caseId).executeTakeFirst();
  if (existing) return existing.number;
  await db
    .insertInto('case_numbers')
    .values({ case_id: caseId, number: sql<string>`${String(year)} || '-' || lpad(nextval('case_number_seq')::text, 6, '0')` })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
  const row = await db.selectFrom('case_numbers').select('number').where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return row.number;
}
