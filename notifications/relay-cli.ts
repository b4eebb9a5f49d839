// `npm run relay`: the notification relay as a process of its own (the worker runs one too unless
// NOTIFY_RELAY=off). DATABASE_URL, CASE_DIRECTORY_FILE and NOTIFY_* configure it; SIGTERM and
// SIGINT stop it after the deliveries in flight are recorded.
import { openDatabase } from '../store/database';
import { loadConfig } from '../worker/config';
import { logger } from '../worker/logger';
import { startWorkerRelay } from './worker-relay';

const config = loadConfig();
if (!config.databaseUrl) {
  logger.fatal('DATABASE_URL is not set: the relay reads the outbox of the PostgreSQL database the worker writes');
  process.exit(2);
}
const store = await openDatabase({ url: config.databaseUrl, poolSize: 4, onConnectionLost: (error) => logger.warn({ err: error }, 'lost a database connection; the relay tries again') });
const relay = startWorkerRelay(store.db, config.directory, logger, { ...process.env, NOTIFY_RELAY: 'on' })!;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'notification relay stopping');
  await relay.stop();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
