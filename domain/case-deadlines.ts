import type { CaseEvent } from '../schema/events';
import { deadlines, isOverdue, nextWakeAt, type DeadlineView } from './deadlines';
import { evolve } from './evolve';
import { initialState } from './initial-state';

export interface CaseDeadlines {
  deadlines: DeadlineView[];
  overdue: boolean;
  escalationLevel: number;
  /** When the workflow of this case next wakes, if it is waiting on a deadline. */
  nextWakeAt: number | undefined;
}

/**
 * A case's deadlines, overdue flag and escalation level from its events alone, with the policy
 * and calendar recorded on them: what the read model stores, and what the workflow must agree with.
 */
export function deadlinesFromEvents(caseId: string, events: readonly CaseEvent[]): CaseDeadlines {
  const state = events.reduce(evolve, initialState(caseId));
  return { deadlines: deadlines(state), overdue: isOverdue(state), escalationLevel: state.escalationLevel, nextWakeAt: nextWakeAt(state) };
}
