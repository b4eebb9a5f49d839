// `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from '../worker/config';
import { logger } from '../worker/logger';
import { openStore } from '../worker/open-store';

const store = await openStore(loadConfig(), logger);
await store.close();
