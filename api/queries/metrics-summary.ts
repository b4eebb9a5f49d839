import type { Kysely } from 'kysely';
import { caseFacts, summarize, type CaseFacts, type MetricsSummary } from '../../domain/case-metrics';
import { jurisdictionLadder } from '../../domain/jurisdictions';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import type { CaseEvent } from '../../schema/events';
import type { Principal } from '../auth';
import { restrictToScope } from './list-cases';

export type GroupBy = 'department' | 'street';
export interface MetricsGroup extends MetricsSummary {
  key: string | null;
  name: string | null;
}

/** The street a jurisdiction lies in; cases reported above street level count under their own jurisdiction. */
function streetOf(dir: Directory, jurisdictionId: string): string {
  return jurisdictionLadder(dir, jurisdictionId).find((j) => j.level === 'street')?.id ?? jurisdictionId;
}

/**
 * The figures for cases received in [from, to) within the person's scope, per department or
 * street, folded from each case's events. Reads every event of the period: right for a district's
 * month; the projected metrics tables of the read-model issue take over at city scale.
 */
export async function metricsSummary(
  db: Kysely<Database>,
  dir: Directory,
  who: Principal,
  q: { groupBy: GroupBy; from: Date; to: Date; now: number },
): Promise<{ total: MetricsSummary; groups: MetricsGroup[] }> {
  const cases = restrictToScope(db.selectFrom('cases'), dir, who).where('created_at', '>=', q.from).where('created_at', '<', q.to).select('id');
  const rows = await db
    .selectFrom('case_events')
    .select(['case_id', 'event_id', 'type', 'occurred_at', 'actor', 'data'])
    .where('case_id', 'in', cases)
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  const byCase = new Map<string, CaseEvent[]>();
  for (const r of rows) {
    const list = byCase.get(r.case_id) ?? [];
    list.push({ eventId: r.event_id, type: r.type, at: r.occurred_at.getTime(), actor: r.actor, data: r.data } as CaseEvent);
    byCase.set(r.case_id, list);
  }
  const facts = [...byCase].map(([id, events]) => caseFacts(id, events, q.now));
  const keyOf = (f: CaseFacts) => (q.groupBy === 'department' ? f.departmentId : streetOf(dir, f.jurisdictionId));
  const nameOf = (key: string | null) =>
    key === null ? null : ((q.groupBy === 'department' ? dir.departments : dir.jurisdictions).find((x) => x.id === key)?.name ?? key);
  const groups = new Map<string | null, CaseFacts[]>();
  for (const f of facts) groups.set(keyOf(f), [...(groups.get(keyOf(f)) ?? []), f]);
  return {
    total: summarize(facts),
    groups: [...groups]
      .map(([key, fs]) => ({ key, name: nameOf(key), ...summarize(fs) }))
      .sort((a, b) => b.received - a.received || String(a.key).localeCompare(String(b.key))),
  };
}
