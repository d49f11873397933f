import { EXPORT_COLUMNS, type ExportRow } from './export-rows.js';

/**
 * RFC 4180 CSV: a header row, fields quoted when they hold a comma, quote or line break, CRLF
 * between records, empty for null. Text that came from the model (evidence, reason, error) and
 * begins like a spreadsheet formula (= + - @ tab CR) gets a leading ' — OWASP's advice against
 * CSV injection — so opening the file in a spreadsheet never runs it.
 */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((column) => csvField(cellOf(row, column))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const MODEL_TEXT = new Set<keyof ExportRow>(['evidence', 'reason', 'error', 'transcript_id']);

function cellOf(row: ExportRow, column: keyof ExportRow): string {
  const value = row[column];
  if (value === null) return '';
  const text = String(value);
  return MODEL_TEXT.has(column) && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
