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

export type DatabaseTarget =
  | {
      url: string;
      poolSize?: number;
      /** Told when the server drops a connection (restart, crash, pg_terminate_backend); the pool opens a new one. */
      onConnectionLost?: (error: Error) => void;
    }
  | { pgliteDir: string | null };

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
    // A connection the server drops (restart, crash, failover) is an 'error' event: on the pool
    // while idle, and on the client itself while it is checked out, even between the queries of a
    // transaction. Unheard, either crashes the process; the query in flight fails on its own, and
    // the pool replaces a broken client. So both get a listener, from the client's first moment.
    const lost = (error: Error) => target.onConnectionLost?.(error);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(target.url);
    return { db, kind: 'postgres', describe: `postgresql://${u.host}${u.pathname}`, close: () => db.destroy() };
  }
  const pglite = await PGlite.create(target.pgliteDir ?? 'memory://', { parsers: { [INT8]: (v: string) => Number(v) } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', describe: `pglite:${target.pgliteDir ?? 'memory'}`, close: () => db.destroy() };
}
