import type { Transcript } from './schema.js';

/** A piece of input that could not be read: a line of a JSONL file, or a log (and sample) of Inspect. */
export interface InputProblem {
  file: string;
  /** The 1-based line, for JSONL input. */
  line?: number;
  /** The sample (and epoch) within an Inspect log. */
  sample?: string;
  message: string;
  /**
   * `duplicate-id`: a record whose id an earlier record of the file already has (not graded).
   * `invalid-utf8`: the file's bytes that are not UTF-8, reported once per file at the first line
   * they are on; the records were read (with U+FFFD), not skipped. Otherwise a line or sample that was skipped.
   */
  kind?: 'duplicate-id' | 'invalid-utf8';
  /** For `invalid-utf8`: how many byte sequences were replaced. */
  count?: number;
}

/**
 * `record`, for input that is not JSONL (an Inspect sample): the JSONL record the transcript was
 * built from (`{id, messages, metadata}`), so a gold set can be written from it and read back the same.
 */
export type TranscriptOrProblem = { ok: true; transcript: Transcript; record?: Record<string, unknown> } | { ok: false; problem: InputProblem };
