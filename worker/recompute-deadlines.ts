import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CaseService } from '../api/case-service';
import type { Actor } from '../schema/actor';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import { rebuildCases, type RebuildReport } from '../store/rebuild-cases';
import type { Logger } from './logger';

export interface RecomputeReport {
  /** Open cases moved to the directory's calendar (with --adopt-calendar). */
  adopted: string[];
  /** The open cases' read-model rows compared with (and repaired to) the fold of their events. */
  refolded: RebuildReport;
}

/**
 * SLA repair for open cases. With `adoptCalendar`, each open working-time case on another
 * calendar version first records `calendar_changed` through its workflow (so workflow, log and
 * read model keep agreeing); then every open case's row is re-folded from its events.
 */
export async function recomputeDeadlines(deps: {
  db: Kysely<Database>;
  service: CaseService;
  directory: Directory;
  adoptCalendar: boolean;
  log: Logger;
}): Promise<RecomputeReport> {
  const { db, service, directory, log } = deps;
  const adopted: string[] = [];
  const calendar = directory.calendar;
  if (deps.adoptCalendar) {
    if (!calendar) throw new Error('--adopt-calendar needs a "calendar" in the directory (CASE_DIRECTORY_FILE)');
    const stale = await db
      .selectFrom('cases')
      .select('id')
      .where('closed_at', 'is', null)
      .where(sql<boolean>`state->'calendar'->>'version' <> ${calendar.version}`)
      .orderBy('id')
      .execute();
    log.info({ cases: stale.length, calendar: calendar.version }, 'moving open working-time cases to the directory calendar');
    const admin: Actor = { sub: 'recompute-deadlines', role: 'admin', org: directory.city.id };
    for (const [i, { id }] of stale.entries()) {
      // The update id makes a rerun after an interruption harmless.
      await service.act(id, 'adoptCalendar', admin, { calendar, reason: `calendar corrected to ${calendar.version}` }, `adopt-calendar-${calendar.version}`);
      adopted.push(id);
      if ((i + 1) % 100 === 0) log.info({ done: i + 1, of: stale.length }, 'calendars adopted');
    }
  }
  const refolded = await rebuildCases(db, { repair: true, openOnly: true, onProgress: (done) => log.info({ done }, 'open cases re-folded') });
  return { adopted, refolded };
}
