import type { Selectable } from 'kysely';
import type { CaseEventsTable } from '../schema/database';
import type { CaseEvent } from '../schema/events';

export type EventRow = Pick<Selectable<CaseEventsTable>, 'event_id' | 'type' | 'occurred_at' | 'actor' | 'data'>;

/** A stored row as the domain event it records (rows are validated when appended). */
export function toCaseEvent(r: EventRow): CaseEvent {
  return { eventId: r.event_id, type: r.type, at: r.occurred_at.getTime(), actor: r.actor, data: r.data } as CaseEvent;
}
