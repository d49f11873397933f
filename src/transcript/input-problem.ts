import type { Transcript } from './schema.js';

/** A piece of input that could not be read: a line of a JSONL file, or a log (and sample) of Inspect. */
export interface InputProblem {
  file: string;
  /** The 1-based line, for JSONL input. */
  line?: number;
  /** The sample (and epoch) within an Inspect log. */
  sample?: string;
  message: string;
}

export type TranscriptOrProblem = { ok: true; transcript: Transcript } | { ok: false; problem: InputProblem };
