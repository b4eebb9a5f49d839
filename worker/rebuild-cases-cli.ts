// `npm run rebuild:cases [-- --repair]`: folds every case's events anew and compares the result
// with the cases read model; with --repair, rewrites the rows that differ.
import { rebuildCases } from '../store/rebuild-cases';
import { loadConfig } from './config';
import { logger } from './logger';
import { openStore } from './open-store';

const repair = process.argv.includes('--repair');
const store = await openStore(loadConfig(), logger);
const report = await rebuildCases(store.db, { repair, onProgress: (done) => logger.info({ done }, 'rebuilding cases') });
logger.info({ ...report, repaired: repair }, report.differing.length || report.orphaned.length ? 'read model differed from the event log' : 'read model is identical to the event log');
await store.close();
process.exitCode = report.differing.length || report.orphaned.length ? (repair ? 0 : 1) : 0;
