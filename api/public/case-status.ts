import { nextDueAt } from '../../domain/deadlines';
import type { CaseState } from '../../schema/case-state';
import type { Directory } from '../../schema/directory';
import type { CaseEvent } from '../../schema/events';
import { labelsFor, nameIn, type ExportLanguage } from '../exports/labels';
import type { MessageKey } from '../../web/src/i18n/en';

/** What a resident is told happened: the steps of their case, not the office's internal work. */
const PUBLIC_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'case_reported',
  'case_assigned',
  'assignment_accepted',
  'resident_contacted',
  'visit_scheduled',
  'visit_completed',
  'case_resolved',
  'feedback_received',
  'case_reopened',
  'case_withdrawn',
  'case_closed',
]);

export interface PublicCaseStatus {
  number: string | null;
  status: string;
  statusText: string;
  category: string | null;
  department: string | null;
  nextStep: string;
  dueAt: string | null;
  canRate: boolean;
  timeline: { at: string; what: string }[];
}

/**
 * A case as its resident may see it (CONTRACT.md "Residents"): where it stands and what comes
 * next, in their language; no reporter, no notes, no names of cadres, nothing a department wrote.
 */
export function publicCaseStatus(s: CaseState, events: CaseEvent[], dir: Directory, lang: ExportLanguage): PublicCaseStatus {
  const t = labelsFor(lang);
  const named = (list: Directory['departments' | 'categories' | 'jurisdictions'], id: string | null) => nameIn(list, id, lang);
  const department = named(dir.departments, s.departmentId);
  const due = nextDueAt(s);
  const when = (ms: number) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: dir.city.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  const fill = (key: MessageKey, values: Record<string, string>) => t(key).replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  const openVisit = s.visits.find((v) => v.completedAt === null);
  const values = { department: department ?? t('case.department'), due: due === null ? '—' : when(due), when: openVisit ? when(Date.parse(openVisit.scheduledFor)) : '' };
  const nextKey: MessageKey | null =
    s.status === 'closed'
      ? null
      : s.status === 'visit_scheduled'
        ? openVisit
          ? 'next.visitOpen'
          : 'next.visitDone'
        : s.status === 'accepted'
          ? s.contacted
            ? 'next.acceptedContacted'
            : 'next.accepted'
          : (`next.${s.status}` as MessageKey);
  return {
    number: s.number ?? null,
    status: s.status,
    statusText: t(`status.${s.status}` as MessageKey),
    category: named(dir.categories, s.categoryId),
    department,
    nextStep: nextKey ? fill(nextKey, values) : t(`status.${s.status}` as MessageKey),
    dueAt: due === null ? null : new Date(due).toISOString(),
    canRate: s.status === 'resolved',
    timeline: events.filter((e) => PUBLIC_EVENTS.has(e.type)).map((e) => ({ at: new Date(e.at).toISOString(), what: t(`event.${e.type}` as MessageKey) })),
  };
}
