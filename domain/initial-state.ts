import type { CaseState } from '../schema/case-state';

export function initialState(caseId: string): CaseState {
  return {
    caseId,
    version: 0,
    status: 'reported',
    report: null,
    policy: null,
    categoryId: null,
    classification: null,
    suggestions: [],
    departmentId: null,
    assistingDepartmentIds: [],
    returnedBy: [],
    returnCount: 0,
    reopenCount: 0,
    escalationLevel: 0,
    ladder: [],
    leader: null,
    contacted: false,
    visits: [],
    resolution: null,
    feedback: null,
    outcome: null,
    pausedSince: null,
    totalPausedMs: 0,
    steps: {},
    createdAt: null,
    backlogAt: null,
    updatedAt: null,
    closedAt: null,
  };
}
