import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from '../schema/database';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where it is, without credentials, for logs. */
  describe: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string; poolSize?: number } | { pgliteDir: string | null };

const INT8 = 20;

/** PostgreSQL when a URL is given, else PGlite (in a directory, or in memory for `null`). */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ('url' in target) {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // Positions are bigint in SQL; they stay far below 2^53, so plain numbers are safe.
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
    });
    // An idle connection the server closes (restart, failover) is an 'error' event on the pool;
    // unheard, it would crash the process. The pool drops that client and opens a new one.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(target.url);
    return { db, kind: 'postgres', describe: `postgresql://${u.host}${u.pathname}`, close: () => db.destroy() };
  }
  const pglite = await PGlite.create(target.pgliteDir ?? 'memory://', { parsers: { [INT8]: (v: string) => Number(v) } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', describe: `pglite:${target.pgliteDir ?? 'memory'}`, close: () => db.destroy() };
}
