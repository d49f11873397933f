import type { InputProblem } from '../transcript/input-problem.js';
import { readTranscriptLine } from '../transcript/transcript-line.js';
import type { Transcript } from '../transcript/schema.js';
import { RecordBytes } from './record-bytes.js';
import { gradeTranscriptSteps, type ActiveGrader, type FinishedPairs } from './transcript-steps.js';
import { resultRecord, withOptionalFields, type RecordContext, type RecordSummary } from './verdict.js';

/** Lines of a JSONL transcripts file for a worker thread to read and grade (`tgrade label --jobs`). */
export interface LineBatch {
  /** The run's graders that grade here, in order (those skipped for want of a key are not among them). */
  graders: readonly string[];
  file: string;
  /** Each line's 1-based number in the file. */
  lines: number[];
  /**
   * The lines' texts joined by "\n": one string crosses to a thread at the cost of a copy, where an
   * array of strings was cloned string by string. A line never holds a "\n" (the file is split there).
   */
  texts: string;
}

/**
 * A grader's step on a line's transcript. A verdict's result record is the next `bytes` bytes of
 * the batch's `records` (one JSON line with its newline), in step order.
 */
export type EncodedStep =
  | { grader: string; kind: 'already-done' | 'waiting-on-gate' | 'gated-out' | 'deferred' }
  /** A verdict carries what the run counts of its record (its id and rubric the run knows already): fewer objects to copy back. */
  | ({ grader: string; kind: 'verdict'; bytes: number } & Pick<RecordSummary, 'status' | 'label' | 'flags' | 'usage' | 'code' | 'error'>);

/** A graded batch: each line's outcome, and the result records of all its verdicts, as UTF-8 JSON lines in order. */
export interface GradedLines {
  outcomes: LineOutcome[];
  records: Uint8Array;
}

/**
 * What a worker made of one line. `kept: false`: the transcript (named by its file and line, having
 * no id of its own) is not in the run's shard, so it was not graded; the run still checks its id.
 */
export type LineOutcome =
  | { line: number; kind: 'problem'; problem: InputProblem }
  | {
      line: number;
      kind: 'transcript';
      id: string;
      hasOwnId: boolean;
      kept: boolean;
      /** Where its steps' records start in the batch's `records`. */
      recordsAt: number;
      unreadShapes?: Record<string, number>;
      unreadReasoning?: true;
      steps: EncodedStep[];
      /** What the graders logged (ctx.log) on it; absent when nothing. */
      logs?: string[];
    };

export interface LineGradingContext {
  active: readonly ActiveGrader[];
  /** The results file as the run opened it (no transcript is graded twice in a run, so that is enough). */
  finished: FinishedPairs;
  /** The run's shard (`--shard`): a transcript whose id this rejects is not graded. */
  keepId?: (id: string) => boolean;
  /** Where the graders' messages (ctx.log) go; collected per transcript. */
  logs: string[];
  signal: AbortSignal;
}

/**
 * Reads, normalizes and grades a batch of lines as the run in one thread would, and encodes each
 * verdict as its result record: the whole of the work per transcript but reading and writing the
 * file, so the thread that reads and writes is not the limit. The run applies the outcomes in input
 * order (pooled-lines.ts): duplicate ids, `--limit`, counts and the exactly-once rule stay its own.
 */
export async function gradeLineBatch(batch: LineBatch, context: LineGradingContext): Promise<GradedLines> {
  const outcomes: LineOutcome[] = [];
  const records = new RecordBytes();
  const rubricOf = new Map(context.active.map(({ instance }) => [instance.name, instance.rubric.id]));
  const texts = batch.texts.split('\n');
  for (let at = 0; at < batch.lines.length; at += 1) {
    const line = batch.lines[at] as number;
    const read = readTranscriptLine(batch.file, line, texts[at] as string, context.keepId);
    if (read.kind === 'not-kept') continue;
    if (read.kind === 'problem') {
      outcomes.push({ line, kind: 'problem', problem: read.problem });
      continue;
    }
    const { transcript } = read;
    const kept = context.keepId === undefined || context.keepId(transcript.id);
    const recordsAt = records.length;
    context.logs.length = 0;
    const steps = kept ? await encodedSteps(transcript, context, rubricOf, records) : [];
    const outcome: LineOutcome = { line, kind: 'transcript', id: transcript.id, hasOwnId: read.hasOwnId, kept, recordsAt, steps };
    if (context.logs.length > 0) outcome.logs = [...context.logs];
    if (transcript.unreadShapes !== undefined) outcome.unreadShapes = transcript.unreadShapes;
    if (transcript.unreadReasoning !== undefined) outcome.unreadReasoning = true;
    outcomes.push(outcome);
  }
  return { outcomes, records: records.bytes };
}

async function encodedSteps(transcript: Transcript, context: LineGradingContext, rubricOf: ReadonlyMap<string, string>, records: RecordBytes): Promise<EncodedStep[]> {
  const steps: EncodedStep[] = [];
  await gradeTranscriptSteps(transcript, context.active, context.finished, context.signal, (step) => {
    if (step.kind !== 'verdict') {
      steps.push({ grader: step.grader, kind: step.kind });
      return true;
    }
    const recorded: RecordContext = { transcriptId: transcript.id, grader: step.grader, rubric: rubricOf.get(step.grader) as string, source: transcript.source };
    if (step.usage !== undefined) recorded.usage = step.usage;
    const record = resultRecord(step.verdict, recorded);
    const bytes = records.append(JSON.stringify(record));
    steps.push(withOptionalFields({ grader: step.grader, kind: 'verdict' as const, bytes, status: record.status, label: record.label }, record));
    return true;
  });
  return steps;
}

/** The summary of an encoded verdict's record, given what the run knows (its transcript's id, the grader's rubric). */
export function summaryOfEncoded(step: Extract<EncodedStep, { kind: 'verdict' }>, transcriptId: string, rubric: string): RecordSummary {
  return withOptionalFields({ transcriptId, grader: step.grader, rubric, status: step.status, label: step.label }, step);
}
