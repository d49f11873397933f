import type { RecordSummary, ResultRecord } from './verdict.js';

/**
 * Where a label run writes its verdicts and looks up what is already done: the results store
 * (store/results-store.ts) is one; a dry run hands in one that writes nothing. Defined here, on the
 * grading side, so grading depends on no store.
 */
export interface ResultsSink {
  /** True when the grader has a final (ok or abstained) verdict for the transcript. */
  isFinished(transcriptId: string, grader: string): boolean;
  /** The grader's label for the transcript: null when it abstained, undefined when there is none yet. */
  labelOf(transcriptId: string, grader: string): string | null | undefined;
  append(record: ResultRecord): void;
  /** Appends a record already encoded by a worker thread: `bytes[start, end)` is its UTF-8 JSON line, newline included. */
  appendEncoded(bytes: Uint8Array, start: number, end: number, summary: RecordSummary): void;
}
