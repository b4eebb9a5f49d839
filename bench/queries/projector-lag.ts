import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { percentile } from '../../domain/case-metrics';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import type { CaseEvent } from '../../schema/events';
import { appendEvents } from '../../store/append-events';
import { caseMetricsProjection } from '../../store/projections/case-metrics-projection';
import { startProjector } from '../../store/projections/run-projector';
import type { CityModel } from '../city-history/city-model';
import { historyCases } from '../city-history/city-history';

export interface LagResult {
  eventsWritten: number;
  seconds: number;
  rate: number;
  lagMs: { p50: number; p99: number; max: number };
}

/**
 * Appends fresh cases' events one transaction at a time at a steady rate, as workflows do, while
 * the projector follows; the lag of each event is from its append to the batch that projected it.
 */
export async function measureProjectorLag(db: Kysely<Database>, dir: Directory, model: CityModel, opts: { rate: number; seconds: number; seed: number }): Promise<LagResult> {
  const lags: number[] = [];
  const projector = startProjector(db, caseMetricsProjection(dir), {
    onBatch: (events, at) => {
      for (const e of events) lags.push(at.getTime() - e.recordedAt.getTime());
    },
  });
  const now = Date.now();
  // Streams in flight, each appended event by event, interleaved like many cases at once.
  const pending: { caseId: string; events: CaseEvent[]; next: number }[] = [];
  const cases = historyCases(model, { seed: opts.seed, cases: 1_000_000, months: 1, now }, 0);
  let written = 0;
  const started = performance.now();
  const total = Math.round(opts.rate * opts.seconds);
  while (written < total) {
    while (pending.length < 20) {
      const c = cases.next().value!;
      pending.push({ caseId: c.caseId, events: c.events, next: 0 });
    }
    const i = written % pending.length;
    const s = pending[i]!;
    await appendEvents(db, { caseId: s.caseId, expectedVersion: s.next, events: [s.events[s.next]!] });
    s.next++;
    if (s.next === s.events.length) pending.splice(i, 1);
    written++;
    const due = started + (written / opts.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const seconds = (performance.now() - started) / 1000;
  // Let the projector take the last events before stopping it.
  await sleep(1500);
  await projector.stop();
  lags.sort((a, b) => a - b);
  return { eventsWritten: written, seconds, rate: written / seconds, lagMs: { p50: percentile(lags, 50) ?? 0, p99: percentile(lags, 99) ?? 0, max: lags.at(-1) ?? 0 } };
}
