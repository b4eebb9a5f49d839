import { Migrator, type Kysely, type MigrationProvider, type Migration } from 'kysely';
import * as eventStore from './migrations/0001-event-store';
import * as idempotencyKeys from './migrations/0002-idempotency-keys';
import * as backlog from './migrations/0003-backlog';
import * as duplicates from './migrations/0004-duplicates';
import * as readModelsAtScale from './migrations/0005-read-models-at-scale';
import * as listIndexes from './migrations/0006-list-indexes';
import * as dailyMetrics from './migrations/0007-daily-metrics';
import * as caseNumbers from './migrations/0008-case-numbers';
import * as people from './migrations/0009-people';
import * as trackingCodes from './migrations/0011-tracking-codes';
import * as eventHashChain from './migrations/0013-event-hash-chain';
import * as notifications from './migrations/0010-notifications';
import * as attachments from './migrations/0014-attachments';
import * as open311Requests from './migrations/0015-open311-requests';

/** Migrations in order; listed in code so that bundlers and tsx need no directory scan. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-event-store': eventStore,
  '0002-idempotency-keys': idempotencyKeys,
  '0003-backlog': backlog,
  '0004-duplicates': duplicates,
  '0005-read-models-at-scale': readModelsAtScale,
  '0006-list-indexes': listIndexes,
  '0007-daily-metrics': dailyMetrics,
  '0008-case-numbers': caseNumbers,
  '0009-people': people,
  '0010-notifications': notifications,
  '0011-tracking-codes': trackingCodes,
  '0013-event-hash-chain': eventHashChain,
  '0014-attachments': attachments,
  '0015-open311-requests': open311Requests,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
