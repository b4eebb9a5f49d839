import type { MessageKey } from '../../web/src/i18n/en';
import { nextDueAt } from '../../domain/deadlines';
import type { CaseState } from '../../schema/case-state';
import type { Directory } from '../../schema/directory';
import { isMessageKey, labelsFor, nameIn, type ExportLanguage } from './labels';

/** One column of an export: its header's dictionary key and the cell of a case. */
interface Column {
  header: MessageKey;
  cell: (s: CaseState) => string | number | null;
}

/** A table of cases as offices report them upward: headers and rows in one language, times in the city's zone. */
export interface CaseTable {
  headers: string[];
  rows: (string | number | null)[][];
}

export function caseTable(cases: CaseState[], dir: Directory, lang: ExportLanguage): CaseTable {
  const t = labelsFor(lang);
  const word = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  const named = (list: Directory['departments' | 'categories' | 'jurisdictions'], id: string | null) => nameIn(list, id, lang) ?? id ?? '';
  const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : cityTime(ms, dir.city.timeZone));
  const columns: Column[] = [
    { header: 'export.number', cell: (s) => s.number ?? '' },
    { header: 'field.title', cell: (s) => s.report?.title ?? '' },
    { header: 'case.description', cell: (s) => s.report?.description ?? '' },
    { header: 'case.status', cell: (s) => word(`status.${s.status}`, s.status) },
    { header: 'case.urgency', cell: (s) => word(`urgency.${s.report?.urgency}`, s.report?.urgency ?? '') },
    { header: 'case.category', cell: (s) => named(dir.categories, s.categoryId) },
    { header: 'case.department', cell: (s) => named(dir.departments, s.departmentId) },
    { header: 'case.where', cell: (s) => named(dir.jurisdictions, s.report?.location.jurisdictionId ?? null) },
    { header: 'case.reported', cell: (s) => time(s.createdAt) },
    { header: 'export.nextDueAt', cell: (s) => time(nextDueAt(s)) },
    { header: 'case.level', cell: (s) => s.escalationLevel },
    { header: 'field.outcome', cell: (s) => (s.outcome ? word(`outcome.${s.outcome}`, s.outcome) : '') },
    { header: 'export.closedAt', cell: (s) => time(s.closedAt) },
  ];
  return { headers: columns.map((c) => t(c.header)), rows: cases.map((s) => columns.map((c) => c.cell(s))) };
}

/** `2026-11-23 09:30` on the city's wall clock: what a clerk expects in a spreadsheet cell. */
function cityTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
