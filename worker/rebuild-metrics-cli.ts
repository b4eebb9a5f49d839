// `npm run rebuild:metrics`: rebuilds the supervisors' case metrics from the event log, from zero.
// Safe while the API runs: its projector waits on the lock, then projects what arrived meanwhile.
import { rebuildCaseMetrics } from '../store/projections/rebuild-case-metrics';
import { loadConfig } from './config';
import { logger } from './logger';
import { openStore } from './open-store';

const config = loadConfig();
const store = await openStore(config, logger);
let last = 0;
const result = await rebuildCaseMetrics(store.db, config.directory, (cases) => {
  if (cases - last < 50_000) return;
  last = cases;
  logger.info({ cases }, 'rebuilding case metrics');
});
logger.info({ cases: result.cases, seconds: Math.round(result.ms / 100) / 10 }, 'case metrics rebuilt from the event log');
await store.close();
