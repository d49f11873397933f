import type { GraderInstance } from './grader-instance.js';
import type { Transcript } from '../transcript/schema.js';
import { gradeOne, type GradeOneOptions } from './grade-one.js';
import { earlierVerdictOf, recordedVerdictOf, type EarlierVerdict } from './earlier-verdicts.js';
import type { UsageRecord, Verdict } from './verdict.js';

/** What the steps need to know of the results file: finished pairs and recorded labels. */
export interface FinishedPairs {
  isFinished(transcriptId: string, grader: string): boolean;
  labelOf(transcriptId: string, grader: string): string | null | undefined;
}

/** One grader with the options gradeOne gets for it (built once per run). */
export interface ActiveGrader {
  instance: GraderInstance;
  grading: GradeOneOptions;
}

/**
 * What happened to one grader on one transcript. Plain data, so a worker thread can send it back:
 * the run turns a `verdict` step into a result record and every step into its counts.
 */
export type TranscriptStep =
  | { grader: string; kind: 'already-done' }
  | { grader: string; kind: 'waiting-on-gate' }
  | { grader: string; kind: 'gated-out' }
  | { grader: string; kind: 'deferred' }
  | { grader: string; kind: 'verdict'; verdict: Verdict; usage?: UsageRecord };

/**
 * Runs a transcript's graders in order, each seeing the verdicts given before it (ctx.earlierVerdict)
 * and its gate, and hands each step to `onStep` as it happens. `onStep` returns false to stop (a fatal
 * error); an abort stops before the next grader. The same steps whether the run grades in its own
 * thread or in a worker (with `finished` a snapshot of the results file for this transcript).
 */
export async function gradeTranscriptSteps(
  transcript: Transcript,
  active: readonly ActiveGrader[],
  finished: FinishedPairs,
  signal: AbortSignal,
  onStep: (step: TranscriptStep) => boolean,
): Promise<void> {
  const labels = new Map<string, string | null>();
  // Verdicts given to this transcript so far, for graders that read them (ctx.earlierVerdict).
  const verdicts = new Map<string, EarlierVerdict>();
  const earlierVerdict = (grader: string): EarlierVerdict | undefined => {
    const given = verdicts.get(grader);
    if (given !== undefined) return given;
    const recorded = finished.labelOf(transcript.id, grader);
    return recorded === undefined ? undefined : recordedVerdictOf(grader, recorded);
  };
  let deferred: Set<string> | undefined;
  for (const { instance, grading } of active) {
    const grader = instance.name;
    if (finished.isFinished(transcript.id, grader)) {
      labels.set(grader, finished.labelOf(transcript.id, grader) ?? null);
      if (!onStep({ grader, kind: 'already-done' })) return;
      continue;
    }
    // A gate (or a verdict this grader reads) whose grader is waiting for its answer cannot decide yet: this one waits too.
    if (deferred !== undefined && waitsOn(instance, deferred)) {
      deferred.add(grader);
      if (!onStep({ grader, kind: 'waiting-on-gate' })) return;
      continue;
    }
    if (instance.gate !== undefined && !gatePasses(instance.gate, labels, finished, transcript.id)) {
      if (!onStep({ grader, kind: 'gated-out' })) return;
      continue;
    }
    if (signal.aborted) return;
    const outcome = await gradeOne(transcript, instance, grading, earlierVerdict);
    if (outcome.aborted) return;
    if (outcome.deferred) {
      (deferred ??= new Set()).add(grader);
      if (!onStep({ grader, kind: 'deferred' })) return;
      continue;
    }
    const step: TranscriptStep = { grader, kind: 'verdict', verdict: outcome.verdict };
    if (outcome.usage !== undefined) step.usage = outcome.usage;
    if (!onStep(step)) return;
    labels.set(grader, outcome.verdict.status === 'ok' ? outcome.verdict.label : null);
    const given = earlierVerdictOf(grader, outcome.verdict);
    if (given !== undefined) verdicts.set(grader, given);
  }
}

function waitsOn(instance: GraderInstance, deferred: ReadonlySet<string>): boolean {
  if (instance.gate !== undefined && deferred.has(instance.gate.grader)) return true;
  return (instance.grader.dependsOn?.(instance.options) ?? []).some((name: string) => deferred.has(name));
}

function gatePasses(gate: NonNullable<GraderInstance['gate']>, labelsThisRun: ReadonlyMap<string, string | null>, finished: FinishedPairs, transcriptId: string): boolean {
  const label = labelsThisRun.has(gate.grader) ? labelsThisRun.get(gate.grader) : finished.labelOf(transcriptId, gate.grader);
  if (label === undefined) return false;
  if (gate.notAbstained === true && label === null) return false;
  if (gate.labels !== undefined) return label !== null && gate.labels.includes(label);
  return true;
}
