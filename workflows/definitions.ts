import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../schema/actor';
import type { CaseState } from '../schema/case-state';
import { ACTION_NAMES, type ActionName } from '../schema/action-names';
import type { ActionInput, CaseReport } from '../schema/commands';
import type { WorkingCalendar } from '../schema/calendar';
import type { LadderRung } from '../schema/ladder';
import type { CasePolicy } from '../schema/policy';

export interface CaseWorkflowInput {
  caseId: string;
  report: CaseReport;
  /** The policy in force when the case was submitted; the case keeps it for life. */
  policy: CasePolicy;
  actor: Actor;
  /** The escalation ladder above the case's jurisdiction, from the directory at submission. */
  ladder?: LadderRung[];
  /** Present when the case counts deadlines in working time. */
  calendar?: WorkingCalendar;
  /** The case number, taken before the workflow starts (store/case-numbers.ts). */
  number?: string;
}

export interface ActionRequest<A extends ActionName> {
  actor: Actor;
  input: ActionInput<A>;
}

type ActionUpdates = { [A in ActionName]: UpdateDefinition<CaseState, [ActionRequest<A>], A> };

/** One Workflow Update per action, named as the action; each returns the case after it. */
export const caseUpdates = Object.fromEntries(ACTION_NAMES.map((n) => [n, defineUpdate(n)])) as ActionUpdates;

/** Answers once intake (report, classify, route) is recorded: the submission's response. */
export const intakeUpdate = defineUpdate<CaseState, []>('intake');

export const caseStateQuery = defineQuery<CaseState>('state');

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** The workflow id of a case: the case id itself, so Temporal's UI and the API agree. */
export const workflowIdOf = (caseId: string) => caseId;
