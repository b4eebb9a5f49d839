import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrateToLatest } from '../schema/migrate';
import { openDatabase, type DatabaseHandle } from '../store/database';
import type { EngineConfig } from './config';
import type { Logger } from './logger';

/** PostgreSQL at DATABASE_URL, else PGlite under the data directory; migrated to the latest schema. */
export async function openStore(config: EngineConfig, log: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (config.databaseUrl) {
    handle = await openDatabase({
      url: config.databaseUrl,
      onConnectionLost: (error) => log.warn({ err: error }, 'lost a database connection; requests fail with 503 until PostgreSQL answers again, then the pool reconnects by itself'),
    });
  } else {
    const dir = path.join(config.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    handle = await openDatabase({ pgliteDir: dir });
  }
  try {
    const applied = await migrateToLatest(handle.db);
    log.info({ database: handle.describe, applied }, 'database ready');
  } catch (error) {
    await handle.close();
    throw new Error(`${(error as Error).message}\nCheck that ${handle.describe} is reachable and the user may create tables.`, { cause: error });
  }
  return handle;
}
