// `npm run attachments:sweep [-- --dry-run] [-- --grace-hours N]`: removes attachment bytes that no
// case records (left by a process that died mid-upload), older than the grace period (1 hour), from
// the store ATTACHMENTS_STORE names, for the database at DATABASE_URL (else npm start's embedded one).
import { loadConfig } from '../worker/config';
import { logger } from '../worker/logger';
import { openStore } from '../worker/open-store';
import { attachmentOptionsFrom } from './settings';
import { sweepOrphanedBytes } from './sweep';

const config = loadConfig();
const db = await openStore(config, logger);
const { store } = attachmentOptionsFrom(process.env, db.db);
try {
  const grace = process.argv.indexOf('--grace-hours');
  const graceHours = grace >= 0 ? Number(process.argv[grace + 1]) : 1;
  if (!Number.isFinite(graceHours) || graceHours < 0) throw new Error('--grace-hours takes a number of hours, 0 or more');
  const dryRun = process.argv.includes('--dry-run');
  const report = await sweepOrphanedBytes(db.db, store, { graceMs: graceHours * 3_600_000, dryRun });
  logger.info({ store: store.kind, listed: report.listed, removed: report.removed.length, dryRun, keys: report.removed.slice(0, 50) }, dryRun ? 'orphaned attachment bytes found (nothing removed)' : 'orphaned attachment bytes removed');
} finally {
  await store.close();
  await db.close();
}
