import type { Kysely } from 'kysely';
import type { CaseState } from '../schema/case-state';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import type { Principal } from './auth';
import { CASE_NUMBER } from '../store/case-numbers';
import { HttpProblem } from './problem';
import { inScope } from './scope';

/**
 * The case as of its last event, if the person may see it. A case out of scope answers 404 like
 * a missing one, so that ids cannot be probed for existence. `caseId` may also be the case's
 * number, as an operator reads it out (2026-000123).
 */
export async function caseInScope(db: Kysely<Database>, dir: Directory, who: Principal, caseId: string): Promise<CaseState> {
  const row = await db
    .selectFrom('cases')
    .select('state')
    .where(CASE_NUMBER.test(caseId) ? 'number' : 'id', '=', caseId)
    .executeTakeFirst();
  const state = row?.state;
  if (
    !state?.report ||
    !inScope(dir, who, { jurisdictionId: state.report.location.jurisdictionId, departmentId: state.departmentId, assistingDepartmentIds: state.assistingDepartmentIds })
  ) {
    throw new HttpProblem(404, 'case-not-found', `no case ${caseId} that you may see`);
  }
  return state;
}
