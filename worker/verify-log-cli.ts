// `npm run verify:log [-- --anchor YYYY-MM-DD]`: checks the event log's hash chain and the days'
// anchors (DATABASE_URL, else the embedded database of npm start); exit 1 names the first bad event.
import { anchorDay, verifyLog } from '../store/verify-log';
import { loadConfig } from './config';
import { logger } from './logger';
import { openStore } from './open-store';

const config = loadConfig();
const store = await openStore(config, logger);
try {
  const anchor = process.argv.indexOf('--anchor');
  if (anchor >= 0) {
    const day = process.argv[anchor + 1] ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    logger.info(await anchorDay(store.db, day, config.directory.city.timeZone), 'day anchored: give the digest to the outside witness');
  }
  let last = 0;
  const report = await verifyLog(store.db, {
    timeZone: config.directory.city.timeZone,
    onProgress: (checked) => {
      if (checked - last >= 10_000) logger.info({ checked }, 'checking the event log');
      last = checked - (checked % 10_000);
    },
  });
  if (report.ok) logger.info({ checked: report.checked }, 'the event log is intact');
  else logger.error(report, 'the event log was changed outside the engine: restore the named event from a backup and find who had superuser access');
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await store.close();
}
