// The shapes the console reads from the API (/openapi.json has them in full). Written out here
// rather than imported from api/, so the browser bundle never pulls in server modules.

export type Role = 'street' | 'department' | 'supervisor' | 'admin';
export type Urgency = 'normal' | 'urgent' | 'emergency';
export type Channel = 'street_committee' | 'hotline' | 'visit' | 'online' | 'grid';
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type Step = 'dispatch' | 'accept' | 'contact' | 'visit' | 'resolve' | 'feedback';
export type CaseStatus = 'reported' | 'awaiting_dispatch' | 'assigned' | 'accepted' | 'visit_scheduled' | 'resolved' | 'closed';
export type ActionName =
  | 'dispatch' | 'accept' | 'return' | 'contact' | 'scheduleVisit' | 'completeVisit' | 'resolve' | 'feedback'
  | 'pause' | 'resume' | 'escalate' | 'reassign' | 'extend' | 'package' | 'close' | 'withdraw' | 'unlinkDuplicate' | 'adoptCalendar';

export interface Actor {
  sub: string;
  role: string;
  org: string;
}

export interface CaseView {
  id: string;
  /** The number people read out (2026-000123); null for cases from before numbers. */
  number?: string | null;
  title: string | null;
  description: string;
  location: { jurisdictionId: string; address?: string; lat?: number; lon?: number };
  channel: Channel;
  urgency: Urgency;
  status: CaseStatus;
  categoryId: string | null;
  classification: { confidence: number; evidence: string[] } | null;
  suggestions: { categoryId: string; score: number }[];
  departmentId: string | null;
  escalationLevel: number;
  leader: string | null;
  duplicateOf: string | null;
  overdue: boolean;
  backlog: boolean;
  deadlines: { step: Step; dueAt: string; warned: boolean; missed: boolean; paused: boolean }[];
  paused: boolean;
  contacted: boolean;
  returnCount: number;
  reopenCount: number;
  visits: { id: string; scheduledFor: string; cadres: string[]; findings: string | null; completedAt: string | null }[];
  resolution: { summary: string; outcome: 'resolved' | 'explained' } | null;
  feedback: { rating: Rating; comment?: string } | null;
  outcome: string | null;
  reporter?: { name?: string; phone?: string; anonymous: boolean };
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** What the caller may do on the case now (the domain's rules); anything else is refused. */
  allowedActions: ActionName[];
}

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
  total?: number;
  totalAtLeast?: boolean;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
}

export interface Named {
  id: string;
  name: string;
  nameZh: string;
}

export interface DirectoryView {
  city: Named & { timeZone: string };
  jurisdictions: (Named & { parentId: string | null; level: string; leader?: string })[];
  departments: (Named & { jurisdictionId: string })[];
  categories: (Named & { parentId: string | null })[];
}

export interface Fraction {
  numerator: number;
  denominator: number;
  value: number | null;
}

export type RateName = 'response' | 'contact' | 'resolution' | 'onTimeResolution' | 'satisfaction' | 'reopen';

export interface RankingItem {
  rank: number;
  key: string | null;
  name: string | null;
  received: number;
  composite: number | null;
  rates: Record<RateName, Fraction>;
}

export interface Ranking {
  from: string;
  to: string;
  items: RankingItem[];
}

export interface Summary {
  received: number;
  resolved: number;
  overdue: number;
  backlog: number;
  visits: number;
  escalationsByLevel: Record<string, number>;
  rates: Record<RateName, number | null>;
}

export interface MetricsSummary {
  groupBy?: 'department' | 'street' | 'day';
  from: string;
  to: string;
  total: Summary;
  groups?: (Summary & { key: string | null; name: string | null })[];
}

export interface DispatchOption {
  categoryId: string;
  score: number;
  departmentId: string | null;
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  caseStatus?: CaseStatus | null;
  /** Why an action was refused: invalid_state, forbidden, closed, invalid_input. */
  code?: string;
  allowedActions?: string[];
}

export interface FieldError {
  path: string;
  in?: string;
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}
