import { rename, writeFile } from 'node:fs/promises';
import { toCsv } from './csv.js';
import { toParquet } from './parquet.js';
import type { ExportRow } from './export-rows.js';

export type ExportFormat = 'csv' | 'parquet';

/** Writes the export to a temporary name and renames it, so an interrupted export never leaves half a file. */
export async function writeExport(rows: readonly ExportRow[], format: ExportFormat, out: string): Promise<void> {
  const content = format === 'csv' ? toCsv(rows) : new Uint8Array(toParquet(rows));
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, out);
}
