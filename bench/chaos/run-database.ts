import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../schema/migrate';
import { openDatabase } from '../../store/database';

/** The server's maintenance database, where the run's own database is created and dropped. */
export const adminUrl = (): string => process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at ${adminUrl()} cannot be reached (${(error as Error).message}); start it (pg_ctlcluster 15 main start) or set DATABASE_URL to a server where this run may create a database`, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database for the run, migrated; returns its URL. */
export async function createRunDatabase(): Promise<{ name: string; url: string }> {
  const name = `chaos_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  return { name, url: url.toString() };
}

export async function dropRunDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}
