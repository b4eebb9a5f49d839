import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import { CASE_METRICS } from '../../store/projections/case-metrics-projection';
import { projectionLag } from '../../store/projections/projector';
import { sleep } from './wait';

/**
 * After the load: how long until nothing is left to do, every case the clients started being
 * closed in the read model (but the `leftOpen` the clients gave up on) and the metrics projector
 * (in the API) having caught up with the log. `ms` is undefined when that has not happened within `seconds`.
 */
export async function untilSettled(db: Kysely<Database>, leftOpen: number, seconds: number): Promise<{ ms?: number; open: number; eventsBehind: number }> {
  const started = Date.now();
  let open = -1;
  let eventsBehind = -1;
  while (Date.now() - started < seconds * 1000) {
    try {
      open = Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('status', '!=', 'closed').executeTakeFirstOrThrow()).n);
      eventsBehind = (await projectionLag(db, CASE_METRICS, new Date())).eventsBehind;
      if (open <= leftOpen && eventsBehind === 0) return { ms: Date.now() - started, open, eventsBehind };
    } catch {
      // The database may still be recovering from the last fault; ask again.
    }
    await sleep(250);
  }
  return { open, eventsBehind };
}
