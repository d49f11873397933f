import { readJsonLines } from '../transcript/jsonl-lines.js';
import { describeIssues } from '../schema-issues.js';
import { ResultRecordSchema, type ResultRecord } from '../grading/verdict.js';
import type { InputProblem } from '../transcript/input-problem.js';

/**
 * One row per transcript × grader of a results file, flat for a table: the verdict's label,
 * status, confidence and flags, and the evidence as text (each quote on its own line), with where
 * the transcript came from. The columns are fixed (`EXPORT_COLUMNS`), so every export of every
 * run has the same schema for pandas, polars or DuckDB.
 */
export interface ExportRow {
  transcript_id: string;
  grader: string;
  rubric: string;
  label: string | null;
  status: string;
  confidence: number | null;
  flags: string | null;
  evidence: string | null;
  reason: string | null;
  error: string | null;
  error_code: string | null;
  source_file: string | null;
  source_line: number | null;
  source_sample: string | null;
  source_epoch: number | null;
  graded_at: string;
}

export const EXPORT_COLUMNS = [
  'transcript_id', 'grader', 'rubric', 'label', 'status', 'confidence', 'flags', 'evidence', 'reason', 'error', 'error_code',
  'source_file', 'source_line', 'source_sample', 'source_epoch', 'graded_at',
] as const satisfies readonly (keyof ExportRow)[];

export const NUMERIC_COLUMNS = new Set<keyof ExportRow>(['confidence', 'source_line', 'source_epoch']);

function exportRow(record: ResultRecord): ExportRow {
  const source = record.source;
  return {
    transcript_id: record.transcriptId,
    grader: record.grader,
    rubric: record.rubric,
    label: record.label,
    status: record.status,
    confidence: record.confidence ?? null,
    flags: record.flags === undefined || record.flags.length === 0 ? null : record.flags.join(', '),
    evidence: record.evidence.length === 0 ? null : record.evidence.map((evidence) => evidence.quote).join('\n'),
    reason: record.reason ?? null,
    error: record.error ?? null,
    error_code: record.code ?? null,
    source_file: source?.file ?? null,
    source_line: source !== undefined && 'line' in source ? source.line : null,
    source_sample: source !== undefined && 'sample' in source ? String(source.sample) : null,
    source_epoch: source !== undefined && 'epoch' in source ? source.epoch : null,
    graded_at: record.gradedAt,
  };
}

export interface ExportRows {
  rows: ExportRow[];
  problems: InputProblem[];
  /** Records for a transcript × grader already seen: the later one is kept, as a rerun would have it. */
  replaced: number;
}

/** Reads a results file into rows; a line that is not a result record is a problem, and the rest are exported. */
export async function readExportRows(file: string): Promise<ExportRows> {
  const byKey = new Map<string, ExportRow>();
  const problems: InputProblem[] = [];
  let replaced = 0;
  for await (const line of readJsonLines(file)) {
    if (!line.ok) {
      problems.push({ file, line: line.line, message: line.error });
      continue;
    }
    const parsed = ResultRecordSchema.safeParse(line.value);
    if (!parsed.success) {
      problems.push({ file, line: line.line, message: `not a result record: ${describeIssues(parsed.error)}` });
      continue;
    }
    const key = JSON.stringify([parsed.data.transcriptId, parsed.data.grader]);
    if (byKey.has(key)) {
      replaced += 1;
      byKey.delete(key);
    }
    byKey.set(key, exportRow(parsed.data));
  }
  return { rows: [...byKey.values()], problems, replaced };
}
