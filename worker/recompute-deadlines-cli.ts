// `npm run recompute:deadlines [-- --adopt-calendar]`: re-folds every open case's deadlines,
// overdue flag, escalation level and backlog time from its events into the read model. With
// --adopt-calendar, open working-time cases first move to the directory's (corrected) calendar
// through their workflows, which must be running: set TEMPORAL_ADDRESS (and DATABASE_URL).
import { Client, Connection } from '@temporalio/client';
import { createCaseService } from '../api/case-service';
import { loadConfig } from './config';
import { logger } from './logger';
import { openStore } from './open-store';
import { recomputeDeadlines } from './recompute-deadlines';

const adoptCalendar = process.argv.includes('--adopt-calendar');
const config = loadConfig();
const store = await openStore(config, logger);
const address = config.temporalAddress ?? 'localhost:7233';
const connection = adoptCalendar ? await Connection.connect({ address }) : undefined;
try {
  const client = new Client({ connection: connection ?? Connection.lazy({ address }), namespace: config.namespace });
  const service = createCaseService({ client, db: store.db, taskQueue: config.taskQueue, policy: config.policy, directory: config.directory });
  const report = await recomputeDeadlines({ db: store.db, service, directory: config.directory, adoptCalendar, log: logger });
  logger.info(
    { adopted: report.adopted.length, openCases: report.refolded.cases, repaired: report.refolded.differing.length },
    'open cases recomputed from the event log',
  );
} finally {
  await connection?.close();
  await store.close();
}
