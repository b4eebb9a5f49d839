import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { CaseTable } from './case-rows';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file of a table. CSV starts with a byte-order mark: without it Excel reads UTF-8 Chinese as mojibake. */
export async function writeExport(table: CaseTable, format: ExportFormat, sheetName: string): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(`\uFEFF${stringify([table.headers, ...table.rows])}`, 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((c, i) => {
    c.width = Math.min(60, Math.max(10, ...[table.headers[i] ?? '', ...table.rows.slice(0, 200).map((r) => String(r[i] ?? ''))].map((v) => v.length + 2)));
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
