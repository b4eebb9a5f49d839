import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest } from '../../schema/migrate';
import { openDatabase, type DatabaseHandle } from '../../store/database';

/** A fresh, migrated database: its own on the PostgreSQL server, or an in-memory PGlite. */
export async function createTestDatabase(kind: 'auto' | 'pglite' = 'auto'): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const admin = inject('postgresAdminUrl');
  if (kind === 'pglite' || admin === null) {
    const handle = await openDatabase({ pgliteDir: null });
    await migrateToLatest(handle.db);
    return { ...handle, drop: () => handle.close() };
  }
  const name = `gce_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      // The pool's end() resolves before its idle connections are gone; dropping with force
      // meanwhile would kill them mid-close.
      await withAdmin(admin, async (c) => {
        for (let i = 0; i < 100; i++) {
          const left = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (left.rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
