import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Actor } from './actor';
import type { CaseState } from './case-state';

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** The append-only event log: one row per domain event. */
export interface CaseEventsTable {
  position: Generated<number>;
  case_id: string;
  seq: number;
  event_id: string;
  type: string;
  data: Json<unknown>;
  actor: Json<Actor>;
  occurred_at: Date;
  recorded_at: CreatedAt;
}

/** The case read model, kept by the inline projection in the append transaction. */
export interface CasesTable {
  id: string;
  version: number;
  status: string;
  title: string | null;
  description: string;
  jurisdiction_id: string;
  category_id: string | null;
  department_id: string | null;
  urgency: string;
  channel: string;
  escalation_level: number;
  overdue: boolean;
  next_due_at: Date | null;
  reopen_count: number;
  outcome: string | null;
  policy_version: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  backlog_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  duplicate_of: ColumnType<string | null, string | null | undefined, string | null>;
  state: Json<CaseState>;
}

/** Notifications waiting for a sender: written idempotently, drained later. */
export interface OutboxTable {
  id: string;
  case_id: string;
  event_id: string;
  kind: string;
  recipient_kind: string;
  recipient_id: string;
  payload: Json<unknown>;
  created_at: CreatedAt;
  sent_at: Date | null;
}

/** Idempotency-Keys seen by the API, with the first successful response. */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
}

export interface Database {
  case_events: CaseEventsTable;
  cases: CasesTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCaseRow = Insertable<CasesTable>;
export type OutboxRow = Selectable<OutboxTable>;
