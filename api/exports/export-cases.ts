import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import type { Directory } from '../../schema/directory';
import type { Principal } from '../auth';
import { HttpProblem } from '../problem';
import { countCases, listCases, type CaseFilters } from '../queries/list-cases';
import { caseTable } from './case-rows';
import type { ExportLanguage } from './labels';
import { CONTENT_TYPES, EXPORT_FORMATS, writeExport, type ExportFormat } from './write-export';

export const DEFAULT_EXPORT_MAX_ROWS = 10_000;
const PAGE = 500;

/** The export format an Accept header asks for, if it names one. */
export function exportFormatAccepted(accept: string | undefined): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => accept?.includes(CONTENT_TYPES[f].split(';')[0]!));
}

/**
 * The filtered cases in the caller's scope as one file. Counted first: past the limit the caller
 * hears how many there are and narrows the filters, rather than waiting for a file too big to open.
 */
export async function exportCases(
  db: Kysely<Database>,
  dir: Directory,
  who: Principal,
  filters: Omit<CaseFilters, 'limit' | 'cursor'>,
  opts: { format: ExportFormat; lang: ExportLanguage; maxRows: number },
): Promise<{ name: string; body: Buffer }> {
  const { total, atLeast } = await countCases(db, dir, who, { ...filters, limit: 1 });
  if (total > opts.maxRows || atLeast) {
    throw new HttpProblem(422, 'export-too-large', `${atLeast ? 'more than ' : ''}${total} cases match; an export holds at most ${opts.maxRows}. Narrow the filters (dates, status, department) and export again`, {
      code: 'too_many_rows',
    });
  }
  const cases = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(db, dir, who, { ...filters, limit: PAGE, cursor });
    cases.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const body = await writeExport(caseTable(cases, dir, opts.lang), opts.format, opts.lang === 'zh' ? '案件' : 'Cases');
  const stamp = new Date().toISOString().slice(0, 10);
  return { name: `cases-${stamp}.${opts.format}`, body };
}
