import pg from 'pg';

/**
 * Indexes a bulk load is faster without: every secondary index and every unique constraint
 * except primary keys (the log's is its identity column, filled in order). Maintained row by
 * row, the log's unique keys lead with a random case id, so each batch touched leaf pages all
 * over two ever-growing B-trees; built once at the end they are a sort. Each is kept with its
 * exact definition and recreated from it, so the schema ends as the migrations left it.
 */
export interface DeferredIndex {
  table: string;
  name: string;
  kind: 'index' | 'constraint';
  /** The definition as the catalog gives it: CREATE INDEX …, or the constraint's UNIQUE (…). */
  definition: string;
}

export async function deferrableIndexes(client: pg.Client, tables: string[]): Promise<DeferredIndex[]> {
  const { rows } = await client.query<DeferredIndex>(
    `select t.relname as table, c.relname as name, 'index' as kind, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
       join pg_class c on c.oid = i.indexrelid
       join pg_class t on t.oid = i.indrelid
      where t.relname = any($1) and t.relnamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
     union all
     select t.relname, k.conname, 'constraint', pg_get_constraintdef(k.oid)
       from pg_constraint k
       join pg_class t on t.oid = k.conrelid
      where t.relname = any($1) and t.relnamespace = current_schema()::regnamespace and k.contype = 'u'
     order by 1, 3 desc, 2`,
    [tables],
  );
  return rows;
}

export async function dropIndexes(client: pg.Client, list: DeferredIndex[]): Promise<void> {
  for (const d of list) {
    await client.query(
      d.kind === 'index' ? `drop index if exists ${pg.escapeIdentifier(d.name)}` : `alter table ${pg.escapeIdentifier(d.table)} drop constraint if exists ${pg.escapeIdentifier(d.name)}`,
    );
  }
}

/**
 * Builds them again, one connection per table at once: a GIN build is single-threaded and a
 * constraint locks its whole table, while B-tree builds use the server's parallel workers.
 */
export async function buildIndexes(url: string, list: DeferredIndex[], onBuilt?: (d: DeferredIndex, ms: number) => void): Promise<void> {
  const byTable = new Map<string, DeferredIndex[]>();
  for (const d of list) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
  await Promise.all(
    [...byTable.values()].map(async (queue) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`set maintenance_work_mem = '1GB'`);
        for (const d of queue) {
          const started = performance.now();
          await c.query(
            d.kind === 'index'
              ? d.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')
              : `alter table ${pg.escapeIdentifier(d.table)} add constraint ${pg.escapeIdentifier(d.name)} ${d.definition}`,
          );
          onBuilt?.(d, performance.now() - started);
        }
      } finally {
        await c.end();
      }
    }),
  );
}
