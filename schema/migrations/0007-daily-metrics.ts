import { sql, type Kysely } from 'kysely';

/**
 * `case_metrics_daily`: the case metrics summed per city day and per department or street, kept
 * by the projector next to `case_metrics`, so a month of the whole city reads a few thousand
 * rows instead of a hundred thousand. Percentiles cannot be summed, so each row keeps the
 * resolve times of its cases (sorted) and the backlog instants (epoch ms) of its open cases as
 * packed float8s, and the escalated cases' levels as text: backlog is counted against the clock
 * at each query, medians are exact, and levels of any depth add up when read.
 *
 * `case_metrics_daily_state` records the time zone the days were cut in; the projector rebuilds
 * the table from `case_metrics` when it is missing or the city's time zone changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_metrics_daily')
    .addColumn('dimension', 'text', (c) => c.notNull().check(sql`dimension in ('department', 'street')`))
    // '' for cases not assigned to any department yet: a key column cannot be null.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('accepted_on_time', 'integer', (c) => c.notNull())
    .addColumn('contacted', 'integer', (c) => c.notNull())
    .addColumn('contacted_on_time', 'integer', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('resolved_on_time', 'integer', (c) => c.notNull())
    .addColumn('satisfied', 'integer', (c) => c.notNull())
    .addColumn('basically_satisfied', 'integer', (c) => c.notNull())
    .addColumn('unsatisfied', 'integer', (c) => c.notNull())
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('overdue', 'integer', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    // Each escalated case's escalations per level, "3,1;0,2": summed when read (see daily-metrics.ts).
    .addColumn('escalation_text', 'text', (c) => c.notNull())
    // Packed big-endian float8s (float8send): a month is ~100,000 values, and parsing them from a
    // float8[]'s text took most of a query's time.
    .addColumn('resolve_ms', 'bytea', (c) => c.notNull())
    .addColumn('backlog_at', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_metrics_daily_pk', ['dimension', 'day', 'key'])
    .execute();
  // Recomputing a department's day joins on this key: '' for "no department", as the days store it.
  await sql`create index case_metrics_department_key_idx on case_metrics ((coalesce(department_id, '')), received_at)`.execute(db);
  await db.schema
    .createTable('case_metrics_daily_state')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_metrics_daily_state').execute();
  await db.schema.dropIndex('case_metrics_department_key_idx').execute();
  await db.schema.dropTable('case_metrics_daily').execute();
}
