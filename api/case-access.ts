import type { Kysely } from 'kysely';
import type { CaseState } from '../schema/case-state';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { Principal } from './auth';
import { HttpProblem } from './problem';
import { inScope } from './scope';

/**
 * The case as of its last event, if the person may see it. A case out of scope answers 404 like
 * a missing one, so that ids cannot be probed for existence.
 */
export async function caseInScope(db: Kysely<Database>, dir: Directory, who: Principal, caseId: string): Promise<CaseState> {
  const row = await db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
  const state = row?.state;
  if (
    !state?.report ||
    !inScope(dir, who, { jurisdictionId: state.report.location.jurisdictionId, departmentId: state.departmentId, assistingDepartmentIds: state.assistingDepartmentIds })
  ) {
    throw new HttpProblem(404, 'case-not-found', `no case ${caseId} that you may see`);
  }
  return state;
}
