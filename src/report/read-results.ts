import { ResultRecordSchema, type ResultRecord } from '../grading/verdict.js';
import { describeIssues } from '../schema-issues.js';
import { resultKey } from '../store/results-store.js';
import { readLines } from '../transcript/jsonl-lines.js';

export interface ResultsProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * The latest record of each transcript × grader pair, the way the summary counts them: a finished
 * record (ok or abstain) stands and later duplicates are ignored; an error stands only until a
 * later finished record replaces it (errors are retried on rerun).
 */
export async function readLatestResults(file: string): Promise<{ records: ResultRecord[]; problems: ResultsProblem[] }> {
  const latest = new Map<string, ResultRecord>();
  const problems: ResultsProblem[] = [];
  for await (const { line, text } of readLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push({ file, line, message: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = ResultRecordSchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ file, line, message: describeIssues(parsed.error) });
      continue;
    }
    const record = parsed.data;
    const key = resultKey(record.transcriptId, record.grader);
    const previous = latest.get(key);
    if (previous !== undefined && previous.status !== 'error') continue;
    latest.set(key, record);
  }
  return { records: [...latest.values()], problems };
}
