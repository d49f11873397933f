import { existsSync } from 'node:fs';
import { readLines } from '../transcript/jsonl-lines.js';
import type { ResultRecord } from '../grading/verdict.js';
import { ResumeIndex } from '../store/resume-index.js';
import type { ErrorCause } from './error-causes.js';
import { ResultsTally } from './results-tally.js';

export interface LabelCount {
  label: string;
  count: number;
  /** Share of the grader's labelled transcripts, with its exact 95% interval. */
  share: number;
  ci95: [number, number];
}

export interface GraderSummary {
  grader: string;
  rubric: string;
  /** Transcripts the grader gave a label (the denominator of every share). */
  labelled: number;
  abstained: number;
  /** Pairs whose latest record is an error (a later success clears it). */
  errors: number;
  labels: LabelCount[];
  /** How many verdicts carry each flag (unverifiedEvidence, promptInjection, …). */
  flags: Record<string, number>;
  /** This run's errors by cause, most common first; absent when there were none, or when the summary reads a finished file. */
  errorCauses?: ErrorCause[];
  usage: { requests: number; cachedResponses: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number | null };
}

/**
 * Counts a results file per grader, streaming it. `labelOrder` lists each rubric's labels so that
 * labels no transcript received still show with 0 and their interval. (`tgrade label` counts while
 * it writes instead, with the same ResultsTally; this reads a finished file.)
 */
export async function summarizeResults(file: string, labelOrder: ReadonlyMap<string, readonly string[]> = new Map()): Promise<GraderSummary[]> {
  if (!existsSync(file)) return [];
  const index = new ResumeIndex();
  const tally = new ResultsTally();
  for await (const { text } of readLines(file)) {
    let record: ResultRecord;
    try {
      record = JSON.parse(text) as ResultRecord;
    } catch {
      continue; // the store reports unreadable lines when it opens the file
    }
    if (typeof record.transcriptId !== 'string' || typeof record.grader !== 'string') continue;
    tally.add(record, index.record(record.transcriptId, record.grader, record.status, record.label));
  }
  return tally.summaries(labelOrder);
}
