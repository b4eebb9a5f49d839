import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Kysely } from 'kysely';
import type { Actor } from '../schema/actor';
import type { CaseState, CaseStatus } from '../schema/case-state';
import { CaseReport, type ActionInput, type ActionName, type CaseReportInput } from '../schema/commands';
import type { Database } from '../schema/database';
import type { Directory } from '../schema/directory';
import { countsWorkingTime, type CasePolicy } from '../schema/policy';
import { escalationLadder } from '../domain/jurisdictions';
import { caseCodesFor } from '../store/case-numbers';
import { readStream, type StoredEvent } from '../store/read-events';
import { CASE_WORKFLOW_TYPE, caseUpdates, intakeUpdate, workflowIdOf, type CaseWorkflowInput } from '../workflows/definitions';
import type { caseWorkflow } from '../workflows/case-workflow';
import { newCaseId } from './case-ids';

/** An action the case refused: the code says why, the status is where the case stands. */
export class ActionRejectedError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_state' | 'forbidden' | 'invalid_input' | 'closed',
    readonly status: CaseStatus | null,
    /** What the caller may do on the case instead, when the case said. */
    readonly allowedActions?: ActionName[],
  ) {
    super(message);
    this.name = 'ActionRejectedError';
  }
}

export interface CaseServiceDeps {
  client: Client;
  db: Kysely<Database>;
  taskQueue: string;
  policy: CasePolicy;
  directory: Directory;
}

/**
 * What the API (and the demo, and the tests) do to cases: submit, act, read. Writes go through
 * the case workflow; reads come from the read model and the event store.
 */
export function createCaseService({ client, db, taskQueue, policy, directory }: CaseServiceDeps) {
  return {
    /** Starts the case workflow and answers once intake is recorded. Retrying with the same key returns the same case. */
    async submit(reportInput: CaseReportInput, actor: Actor, idempotencyKey?: string): Promise<CaseState> {
      // Checked before the workflow starts: a report the database cannot store must not become a case.
      const parsed = CaseReport.safeParse(reportInput);
      if (!parsed.success) {
        throw new ActionRejectedError(parsed.error.issues.map((i) => `${i.path.join('.') || 'report'}: ${i.message}`).join('; '), 'invalid_input', null);
      }
      const report = parsed.data;
      const caseId = newCaseId(idempotencyKey ? { key: idempotencyKey, scope: actor.sub } : undefined);
      const ladder = escalationLadder(directory, report.location.jurisdictionId, policy.escalationLevels);
      const calendar = countsWorkingTime(policy, report.urgency) ? directory.calendar : undefined;
      // Taken before the start, so a retry of this submission finds the same number.
      const { number } = await caseCodesFor(db, caseId, yearIn(directory.city.timeZone, new Date()));
      const input: CaseWorkflowInput = { caseId, report, policy, actor, ladder, number, ...(calendar ? { calendar } : {}) };
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
        workflowId: workflowIdOf(caseId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A case id is never reused: a retry after the case closed must not open it anew.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      try {
        return await client.workflow.executeUpdateWithStart(intakeUpdate, { startWorkflowOperation, updateId: `intake-${caseId}` });
      } catch (error) {
        const closed = error instanceof WorkflowExecutionAlreadyStartedError ? await this.get(caseId) : undefined;
        if (closed) return closed;
        throw error;
      }
    },

    /** Runs one action as a Workflow Update; the update id (Idempotency-Key) makes retries harmless. */
    async act<A extends ActionName>(caseId: string, action: A, actor: Actor, input: ActionInput<A>, updateId?: string): Promise<CaseState> {
      const handle = client.workflow.getHandle(workflowIdOf(caseId));
      try {
        return await handle.executeUpdate(caseUpdates[action], { args: [{ actor, input }], updateId });
      } catch (error) {
        throw await translate(error, caseId);
      }
    },

    async get(caseId: string): Promise<CaseState | undefined> {
      const row = await db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
      return row?.state;
    },

    events(caseId: string): Promise<StoredEvent[]> {
      return readStream(db, caseId);
    },
  };

  async function translate(error: unknown, caseId: string): Promise<unknown> {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && (cause.type === 'CaseRuleError' || cause.type === 'InvalidInput')) {
      const details = (cause.details?.[0] ?? {}) as { code?: ActionRejectedError['code']; status?: CaseStatus; allowedActions?: ActionName[] };
      return new ActionRejectedError(cause.message, details.code ?? 'invalid_input', details.status ?? null, details.allowedActions);
    }
    if (error instanceof Error && /workflow execution already completed/i.test(error.message)) {
      const row = await db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst();
      return new ActionRejectedError('the case is closed', 'closed', (row?.status as CaseStatus | undefined) ?? 'closed', []);
    }
    return error;
  }
}

export type CaseService = ReturnType<typeof createCaseService>;

const yearIn = (timeZone: string, at: Date) => Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at));
