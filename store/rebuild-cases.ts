import type { Kysely } from 'kysely';
import { evolve } from '../domain/evolve';
import { initialState } from '../domain/initial-state';
import type { Database, NewCaseRow } from '../schema/database';
import { caseRow } from './case-row';
import { readStream } from './read-events';

export interface RebuildReport {
  cases: number;
  identical: number;
  /** Cases whose stored row differed from the fold of their events (and were rewritten). */
  differing: string[];
  /** Rows in `cases` with no events at all (and were removed). */
  orphaned: string[];
}

/**
 * Folds every case's events anew and compares the result with the `cases` read model.
 * With `repair` the differing rows are rewritten, so the read model equals the log again.
 */
export async function rebuildCases(
  db: Kysely<Database>,
  opts: { repair: boolean; onProgress?: (done: number) => void; openOnly?: boolean },
): Promise<RebuildReport> {
  const report: RebuildReport = { cases: 0, identical: 0, differing: [], orphaned: [] };
  let after = '';
  for (;;) {
    const ids = opts.openOnly
      ? await db.selectFrom('cases').select('id as case_id').where('closed_at', 'is', null).where('id', '>', after).orderBy('id').limit(500).execute()
      : await db.selectFrom('case_events').select('case_id').distinct().where('case_id', '>', after).orderBy('case_id').limit(500).execute();
    if (ids.length === 0) break;
    for (const { case_id } of ids) {
      const events = await readStream(db, case_id);
      const expected = caseRow(events.map((e) => e.event).reduce(evolve, initialState(case_id)));
      const stored = await db.selectFrom('cases').selectAll().where('id', '=', case_id).executeTakeFirst();
      report.cases++;
      if (stored && comparable(stored) === comparable(expected)) {
        report.identical++;
        continue;
      }
      report.differing.push(case_id);
      if (opts.repair) await db.insertInto('cases').values(expected).onConflict((oc) => oc.column('id').doUpdateSet(expected)).execute();
    }
    after = ids[ids.length - 1]!.case_id;
    opts.onProgress?.(report.cases);
  }
  if (opts.openOnly) return report;
  const orphans = await db
    .selectFrom('cases')
    .select('id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_events').select('seq').whereRef('case_events.case_id', '=', 'cases.id'))))
    .execute();
  report.orphaned = orphans.map((o) => o.id);
  if (opts.repair && report.orphaned.length) await db.deleteFrom('cases').where('id', 'in', report.orphaned).execute();
  return report;
}

/** One canonical text per row, whether it came from SQL or from caseRow(). */
function comparable(row: Record<string, unknown> | NewCaseRow): string {
  const entries = Object.entries(row)
    // Derived by the database from other columns, never written by the projection.
    .filter(([k]) => k !== 'search_grams')
    .map(([k, v]): [string, unknown] => {
      if (v instanceof Date) return [k, v.toISOString()];
      if (k === 'state' && typeof v === 'string') return [k, JSON.parse(v)];
      return [k, v];
    })
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? sortKeys(v) : v));
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
