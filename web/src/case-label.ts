import type { CaseView } from './api/types';

/** What people call a case: its number, or (for cases from before numbers) a short form of its id. */
export function caseNumber(c: Pick<CaseView, 'id' | 'number'>): string {
  return c.number ?? c.id.replace(/^case-/, '').slice(0, 8);
}

/** A case's heading: its title, or the start of the description (the page cuts it at a word with CSS). */
export function caseTitle(c: Pick<CaseView, 'title' | 'description'>): string {
  return c.title?.trim() || c.description;
}

/** The nearest running deadline, if any. */
export function nearestDeadline(c: CaseView): CaseView['deadlines'][number] | undefined {
  return [...c.deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
}
