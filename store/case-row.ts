import { isOverdue, nextDueAt } from '../domain/deadlines';
import type { CaseState } from '../schema/case-state';
import type { NewCaseRow } from '../schema/database';

/** The `cases` row for a case state: the columns queries filter on, and the whole state. */
export function caseRow(state: CaseState): NewCaseRow {
  const report = state.report;
  if (!report || !state.policy || state.createdAt === null) throw new Error(`case ${state.caseId} has no case_reported event`);
  const nextDue = nextDueAt(state);
  return {
    id: state.caseId,
    version: state.version,
    status: state.status,
    title: report.title ?? null,
    description: report.description,
    jurisdiction_id: report.location.jurisdictionId,
    category_id: state.categoryId,
    department_id: state.departmentId,
    urgency: report.urgency,
    channel: report.channel,
    escalation_level: state.escalationLevel,
    overdue: isOverdue(state),
    next_due_at: nextDue === null ? null : new Date(nextDue),
    reopen_count: state.reopenCount,
    outcome: state.outcome,
    policy_version: state.policy.version,
    created_at: new Date(state.createdAt),
    updated_at: new Date(state.updatedAt ?? state.createdAt),
    closed_at: state.closedAt === null ? null : new Date(state.closedAt),
    duplicate_of: state.duplicateOf ?? null,
    number: state.number ?? null,
    backlog_at: state.backlogAt === null || state.backlogAt === undefined ? null : new Date(state.backlogAt),
    state: JSON.stringify(state),
  };
}
