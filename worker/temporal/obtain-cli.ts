// `npm run temporal:obtain`: obtains (and if need be builds) the Temporal CLI, starts it once to
// prove it works, and stops it. Useful to warm the cache before `npm test`.
import { logger } from '../logger';
import { obtainTemporal } from './obtain';

const server = await obtainTemporal({ namespace: 'default' }, logger);
logger.info({ source: server.source, address: server.address }, 'Temporal is available');
await server.stop();
