import { existsSync } from 'node:fs';
import type { ResultRecord } from '../grading/verdict.js';
import { readLines } from '../transcript/jsonl-lines.js';

/**
 * The final record of each transcript × grader in a results file: a labelled or abstained record
 * wins over an error (errors are retried on the next run), and of several final records the first
 * counts, as in the label summary (a rerun never re-grades a finished pair). Unreadable lines are
 * skipped here; the results store reports them when it opens the file.
 */
export async function readFinalResults(file: string, graders?: ReadonlySet<string>): Promise<Map<string, Map<string, ResultRecord>>> {
  const byGrader = new Map<string, Map<string, ResultRecord>>();
  if (!existsSync(file)) return byGrader;
  for await (const { text } of readLines(file)) {
    let record: ResultRecord;
    try {
      record = JSON.parse(text) as ResultRecord;
    } catch {
      continue;
    }
    if (typeof record.grader !== 'string' || typeof record.transcriptId !== 'string') continue;
    if (graders !== undefined && !graders.has(record.grader)) continue;
    let records = byGrader.get(record.grader);
    if (records === undefined) {
      records = new Map();
      byGrader.set(record.grader, records);
    }
    const existing = records.get(record.transcriptId);
    if (existing === undefined || (existing.status === 'error' && record.status !== 'error') || (existing.status === 'error' && record.status === 'error')) {
      records.set(record.transcriptId, record);
    }
  }
  return byGrader;
}
