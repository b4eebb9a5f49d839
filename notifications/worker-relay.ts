import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { Logger } from '../worker/logger';
import { loadNotifyConfig } from './config';
import { startRelay, type Relay } from './relay';

/**
 * The relay as the worker runs it (`npm run worker`, `npm start`), configured by NOTIFY_*;
 * NOTIFY_RELAY=off leaves it out (e.g. where a relay runs as a process of its own).
 */
export function startWorkerRelay(db: Kysely<Database>, directory: Directory, logger: Logger, env: NodeJS.ProcessEnv = process.env): Relay | undefined {
  if (env.NOTIFY_RELAY === 'off') {
    logger.info('notification relay off (NOTIFY_RELAY=off): the outbox is not drained by this process');
    return undefined;
  }
  const config = loadNotifyConfig(env);
  const log = logger.child({ component: 'notification-relay' });
  const channels = ['in_app', ...(config.smtpUrl ? ['email'] : []), ...(config.webhook ? ['webhook'] : []), ...(Object.keys(config.robots).length ? ['robot'] : [])];
  log.info({ channels, maxAttempts: config.maxAttempts }, 'notification relay running');
  return startRelay({ db, directory, config, logger: log });
}
