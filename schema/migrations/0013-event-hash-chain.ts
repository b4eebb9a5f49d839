import { sql, type Kysely } from 'kysely';
import { eventHash, GENESIS, type HashedEventRow } from '../event-hash';

/**
 * A tamper-evident log (issue 17): each event carries the hash of its case's previous event and
 * its own hash over its canonical form, so an edit, a deletion or a reordering breaks the chain
 * at that event. `log_anchors` keeps a digest per day over every event of the day, in log order,
 * to hand to an outside witness. Events stored before this migration are chained now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_events').addColumn('prev_hash', 'text').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('log_anchors')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('last_position', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The append-only trigger forbids updates: set aside for the backfill, in this transaction only.
  await sql`alter table case_events disable trigger case_events_append_only`.execute(db);
  let after = '';
  for (;;) {
    const cases = await db.selectFrom('case_events').select('case_id').distinct().where('case_id', '>', after).orderBy('case_id').limit(500).execute();
    if (cases.length === 0) break;
    for (const { case_id } of cases) {
      const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', case_id).orderBy('seq').execute();
      let prev = GENESIS;
      for (const r of rows) {
        const hash = eventHash(prev, r as HashedEventRow);
        await db.updateTable('case_events').set({ prev_hash: prev, hash }).where('position', '=', r.position).execute();
        prev = hash;
      }
    }
    after = cases.at(-1)!.case_id;
  }
  await sql`alter table case_events enable trigger case_events_append_only`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('log_anchors').execute();
  await db.schema.alterTable('case_events').dropColumn('hash').dropColumn('prev_hash').execute();
}
