import type { ErrorCause } from './error-causes.js';

/** A grader's counts over a results file, as `tgrade label` prints them and the report shows them. */
interface LabelCount {
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
