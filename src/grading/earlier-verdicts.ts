import type { Evidence, Verdict } from './verdict.js';

/**
 * What a grader may know of another grader's verdict on the same transcript: given earlier in this
 * run (in full), or recorded by an earlier run in the same results file (the label only: a resumed
 * run keeps a few bytes per transcript, not whole records — see store/resume-index.ts).
 */
export interface EarlierVerdict {
  grader: string;
  status: 'ok' | 'abstain';
  /** The label, or null when that grader abstained. */
  label: string | null;
  /** Quotes behind the verdict; empty for a verdict read back from the results file. */
  evidence: readonly Evidence[];
  flags: readonly string[];
  /** True when the verdict comes from the results file (an earlier run), not from this run. */
  fromEarlierRun: boolean;
}

export type EarlierVerdictLookup = (grader: string) => EarlierVerdict | undefined;

/** The verdict as another grader may read it; errors are not verdicts to build on. */
export function earlierVerdictOf(grader: string, verdict: Verdict): EarlierVerdict | undefined {
  if (verdict.status === 'error') return undefined;
  return {
    grader,
    status: verdict.status,
    label: verdict.status === 'ok' ? verdict.label : null,
    evidence: verdict.evidence,
    flags: verdict.flags ?? [],
    fromEarlierRun: false,
  };
}

/** A label read back from the results file (null: that grader abstained), as an EarlierVerdict. */
export function recordedVerdictOf(grader: string, label: string | null): EarlierVerdict {
  return { grader, status: label === null ? 'abstain' : 'ok', label, evidence: [], flags: [], fromEarlierRun: true };
}
