import type { Client } from '@temporalio/client';

export interface HistoryCost {
  events: number;
  /** What Temporal counts as billable actions: start, activities, timers, accepted updates, markers, search-attribute upserts. */
  actions: number;
  activities: number;
  /** Local activities run by the worker itself, recorded as markers. */
  localActivities: number;
  updates: number;
  timers: number;
}

export async function historyCost(client: Client, workflowId: string): Promise<HistoryCost> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const count = (key: string) => events.filter((e) => (e as Record<string, unknown>)[key] != null).length;
  const activities = count('activityTaskScheduledEventAttributes');
  const updates = count('workflowExecutionUpdateAcceptedEventAttributes');
  const timers = count('timerStartedEventAttributes');
  const localActivities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  const actions = 1 + activities + updates + timers + count('markerRecordedEventAttributes') + count('upsertWorkflowSearchAttributesEventAttributes');
  return { events: events.length, actions, activities, localActivities, updates, timers };
}
