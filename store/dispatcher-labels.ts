import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';

export interface DispatcherLabel {
  /** "ops-" and the case id: a labelled case id of its own set, split like every other by its hash. */
  id: string;
  /** What the classifier read: the title and the description. */
  text: string;
  /** The category the dispatcher dispatched the case with, the last time one did. */
  categoryId: string;
  /** The classifier's first choice at intake (routed, or suggested to the dispatcher); null if it had none. */
  classifierCategoryId: string | null;
  decidedAt: string;
}

interface IntakeData {
  by?: string;
  categoryId?: string;
  suggestions?: { categoryId: string }[];
}

/**
 * The cases whose category a person decided, each with the last such decision (`case_assigned` by
 * a dispatcher: it carries the category whether the dispatcher changed it or confirmed it): labelled texts from the city's own residents, for the classifier to be
 * evaluated and retrained on. Reads only, so it may run against the production database at any time.
 */
export async function dispatcherLabels(db: Kysely<Database>, since?: Date): Promise<DispatcherLabel[]> {
  const decisions = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.case_id', 'e.data', 'e.occurred_at', 'c.title', 'c.description'])
    .where('e.type', '=', 'case_assigned')
    .where(sql<string>`e.data->>'by'`, '=', 'dispatcher')
    .$if(since !== undefined, (q) => q.where('e.occurred_at', '>=', since!))
    .orderBy('e.position')
    .execute();
  if (decisions.length === 0) return [];
  const caseIds = [...new Set(decisions.map((d) => d.case_id))];
  const intake = await db
    .selectFrom('case_events')
    .select(['case_id', 'data'])
    .where('case_id', 'in', caseIds)
    .where((eb) => eb.or([eb('type', '=', 'dispatch_requested'), eb.and([eb('type', '=', 'case_classified'), eb(sql<string>`data->>'by'`, '=', 'classifier')])]))
    .orderBy('case_id')
    .orderBy('seq')
    .execute();
  const firstChoice = new Map<string, string | null>();
  for (const r of intake) {
    if (firstChoice.has(r.case_id)) continue;
    const data = r.data as IntakeData;
    firstChoice.set(r.case_id, data.by === 'classifier' ? (data.categoryId ?? null) : (data.suggestions?.[0]?.categoryId ?? null));
  }
  const last = new Map<string, DispatcherLabel>();
  for (const r of decisions) {
    last.set(r.case_id, {
      id: `ops-${r.case_id}`,
      text: [r.title, r.description].filter(Boolean).join('\n'),
      categoryId: (r.data as IntakeData).categoryId!,
      classifierCategoryId: firstChoice.get(r.case_id) ?? null,
      decidedAt: new Date(r.occurred_at).toISOString(),
    });
  }
  return [...last.values()];
}
