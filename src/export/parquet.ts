import { parquetWriteBuffer } from 'hyparquet-writer';
import { EXPORT_COLUMNS, NUMERIC_COLUMNS, type ExportRow } from './export-rows.js';

/**
 * The rows as a Parquet file (hyparquet-writer, pure JS): strings as UTF-8 BYTE_ARRAY, the
 * confidence as DOUBLE and line/epoch as INT64, every column nullable, so DuckDB, pandas (pyarrow)
 * and polars read it with the same types whatever the run held.
 */
export function toParquet(rows: readonly ExportRow[]): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: EXPORT_COLUMNS.map((name) => {
      const data = rows.map((row) => row[name]);
      if (name === 'confidence') return { name, data, type: 'DOUBLE' as const, nullable: true };
      if (NUMERIC_COLUMNS.has(name)) return { name, data: data.map((value) => (value === null ? null : BigInt(value as number))), type: 'INT64' as const, nullable: true };
      return { name, data, type: 'STRING' as const, nullable: true };
    }),
    kvMetadata: [{ key: 'created_by_tool', value: 'transcript-grader export' }],
  });
}
