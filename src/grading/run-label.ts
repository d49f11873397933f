import { gradersReadByOthers, type GraderInstance } from './grader-instance.js';
import { TgradeError, type ErrorCode } from '../errors.js';
import type { ResultsSink } from './results-sink.js';
import { readTranscripts, type InputProblem } from '../transcript/read-transcripts.js';
import { FirstSeenIds } from '../transcript/first-seen-ids.js';
import { inputKindOf } from '../transcript/input-kind.js';
import { readLines, type DecodingReport } from '../transcript/jsonl-lines.js';
import { duplicateIdProblem, invalidUtf8Problem } from '../transcript/transcript-line.js';
import type { Transcript } from '../transcript/schema.js';
import type { GraderLlm } from './grader.js';
import type { GradeOneOptions } from './grade-one.js';
import { gradeTranscriptSteps, type ActiveGrader, type TranscriptStep } from './transcript-steps.js';
import { PooledGrading, type TranscriptPool } from './pooled-grading.js';
import { PooledLineGrading, type LinePool } from './pooled-lines.js';
import { summaryOfEncoded, type EncodedStep, type LineOutcome } from './line-grading.js';
import { recordSummaryOf, resultRecord, type RecordContext, type RecordSummary } from './verdict.js';

// A missing or broken learned-grader model also fails every transcript alike.
const FATAL_CODES = new Set<string>(['E_PROVIDER_AUTH', 'E_PROVIDER_NOT_FOUND', 'E_MODEL_INVALID']);

export type LlmForInstance = (instance: GraderInstance) => { llm: GraderLlm; costOf?: GradeOneOptions['costOf'] } | { unavailable: string };

/** What the run needs of a results store (a dry run hands in one that writes nothing). */
type LabelRunStore = ResultsSink;

interface RecordEvent {
  instance: GraderInstance;
  transcriptId: string;
  /** The record as written, without its evidence (status, label, usage, error). */
  record: RecordSummary;
}

export interface LabelRunOptions {
  input: string;
  store: LabelRunStore;
  instances: readonly GraderInstance[];
  /** Builds the LLM an instance asks for, or says why there is none (e.g. no API key). */
  llmFor?: LlmForInstance;
  /** Transcripts graded at once. */
  concurrency?: number;
  /**
   * Starts worker threads for CPU-bound graders (`--jobs`): called only when no active grader calls
   * an LLM, so a run that would not use them never pays for them. The records are the same, in the
   * same order, as without them; the caller stops the pool. Workers reading a JSONL file's lines apply
   * the run's shard themselves, so a caller passing `keep` starts them with the same shard (label.ts).
   */
  startPool?: () => TranscriptPool & Partial<LinePool>;
  /** Grade only the first n transcripts of the input (`--limit`). */
  limit?: number;
  /** Grade only the transcripts this accepts (a shard's share, `--shard`); the others are not counted. */
  keep?: (transcriptId: string) => boolean;
  signal?: AbortSignal;
  onProblem?: (problem: InputProblem) => void;
  onRecord?: (event: RecordEvent) => void;
  /** Called when every grader is through with a transcript (for progress). */
  onTranscriptDone?: (transcriptId: string) => void;
  log?: (message: string) => void;
}

export interface GraderRunCounts {
  graded: number;
  /** Pairs already in the results file from an earlier run. */
  alreadyDone: number;
  /** Transcripts the grader's gate kept from it. */
  gatedOut: number;
  errors: number;
  /** Grades waiting for a postponed LLM request (batch mode, dry run); present only when some are. */
  deferred?: number;
  /** Transcripts whose gate cannot decide yet, because the gating grader's request was postponed. */
  waitingOnGate?: number;
}

/** How a grader stands in the pipeline, so a summary can say "LLM-graded 45 candidates of 32,768". */
export interface GraderStage {
  llm: boolean;
  /** The grader whose verdict gates this one. */
  gatedOn?: string;
}

export interface LabelRunReport {
  transcripts: number;
  /** Malformed lines (not JSON, not a transcript). */
  problems: number;
  /** Records whose id an earlier record of the input has: reported, not graded (absent when none). */
  duplicateIds?: number;
  /** Byte sequences of the input that are not UTF-8, read as U+FFFD (absent when none). */
  invalidUtf8?: number;
  aborted: boolean;
  /** Graders that did not run at all, with the reason (no API key, …). */
  skipped: { grader: string; reason: string }[];
  perGrader: Record<string, GraderRunCounts>;
  stages?: Record<string, GraderStage>;
  /** Input shapes the reader did not read, counted over the run (present only when there were some). */
  unreadShapes?: Record<string, number>;
  /** Transcripts with reasoning that could not be read (redacted, unknown blocks). */
  unreadReasoning?: number;
}

/**
 * Streams transcripts through the configured graders into the results store. Memory stays flat:
 * at most `concurrency` transcripts are held at once, and only result keys are remembered.
 */
export async function runLabel(options: LabelRunOptions): Promise<LabelRunReport> {
  // A bad key or an unknown model fails every request alike: stop the run at the first one
  // instead of writing an error record per transcript.
  const stop = new AbortController();
  let fatal: TgradeError | undefined;
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const log = options.log ?? (() => {});
  const report: LabelRunReport = { transcripts: 0, problems: 0, aborted: false, skipped: [], perGrader: {}, stages: {} };

  // Each grader's options for gradeOne are built once, not per transcript (see gradeOne on spreads).
  const active: ActiveGrader[] = [];
  for (const instance of options.instances) {
    report.perGrader[instance.name] = { graded: 0, alreadyDone: 0, gatedOut: 0, errors: 0 };
    (report.stages as Record<string, GraderStage>)[instance.name] = { llm: instance.llm !== undefined, ...(instance.gate === undefined ? {} : { gatedOn: instance.gate.grader }) };
    if (instance.llm === undefined) {
      active.push({ instance, grading: { signal, log } });
      continue;
    }
    const made = options.llmFor?.(instance) ?? { unavailable: 'no LLM provider support in this run' };
    if ('unavailable' in made) report.skipped.push({ grader: instance.name, reason: made.unavailable });
    else active.push({ instance, grading: { signal, log, llm: made.llm, ...(made.costOf === undefined ? {} : { costOf: made.costOf }) } });
  }

  /** Counts a step that writes nothing. */
  const countStep = (grader: string, kind: Exclude<TranscriptStep['kind'], 'verdict'>): void => {
    const counts = report.perGrader[grader] as GraderRunCounts;
    if (kind === 'already-done') counts.alreadyDone += 1;
    else if (kind === 'waiting-on-gate') counts.waitingOnGate = (counts.waitingOnGate ?? 0) + 1;
    else if (kind === 'gated-out') counts.gatedOut += 1;
    else counts.deferred = (counts.deferred ?? 0) + 1;
  };
  /** Writes a verdict's record (`write`) and counts it; false when the run must stop (a fatal error, not written). */
  const applyVerdict = (record: RecordSummary, write: () => void): boolean => {
    if (record.status === 'error' && FATAL_CODES.has(record.code ?? '')) {
      fatal ??= new TgradeError(record.code as ErrorCode, `${record.grader}: ${record.error}`);
      stop.abort();
      return false;
    }
    write();
    const counts = report.perGrader[record.grader] as GraderRunCounts;
    if (record.status === 'error') counts.errors += 1;
    else counts.graded += 1;
    options.onRecord?.({ instance: instanceByName.get(record.grader) as GraderInstance, transcriptId: record.transcriptId, record });
    return true;
  };
  const applyStep = (transcript: Transcript, step: TranscriptStep): boolean => {
    if (step.kind !== 'verdict') {
      countStep(step.grader, step.kind);
      return true;
    }
    const instance = instanceByName.get(step.grader) as GraderInstance;
    const recorded: RecordContext = { transcriptId: transcript.id, grader: instance.name, rubric: instance.rubric.id, source: transcript.source };
    if (step.usage !== undefined) recorded.usage = step.usage;
    const record = resultRecord(step.verdict, recorded);
    return applyVerdict(recordSummaryOf(record), () => options.store.append(record));
  };
  const applyEncodedStep = (transcriptId: string, step: EncodedStep, records: Uint8Array, start: number): boolean => {
    if (step.kind !== 'verdict') {
      countStep(step.grader, step.kind);
      return true;
    }
    const rubric = (instanceByName.get(step.grader) as GraderInstance).rubric.id;
    const summary = summaryOfEncoded(step, transcriptId, rubric);
    return applyVerdict(summary, () => options.store.appendEncoded(records, start, start + step.bytes, summary));
  };
  const instanceByName = new Map(options.instances.map((instance) => [instance.name, instance]));
  const countProblem = (problem: InputProblem): void => {
    if (problem.kind === 'duplicate-id') report.duplicateIds = (report.duplicateIds ?? 0) + 1;
    else if (problem.kind === 'invalid-utf8') report.invalidUtf8 = (report.invalidUtf8 ?? 0) + (problem.count ?? 1);
    else report.problems += 1;
    options.onProblem?.(problem);
  };
  const limitReached = () => options.limit !== undefined && report.transcripts >= options.limit;
  const gradeTranscript = async (transcript: Transcript) => {
    await gradeTranscriptSteps(transcript, active, options.store, signal, (step) => applyStep(transcript, step));
    options.onTranscriptDone?.(transcript.id);
  };
  // CPU-bound graders only (no LLM among the active ones) go to the worker pool, when there is one:
  // a JSONL file's lines are read and graded there, other input as transcripts read here.
  const pool = active.every(({ instance }) => instance.llm === undefined) ? options.startPool?.() : undefined;
  if (pool?.gradeLines !== undefined && (await inputKindOf(options.input)).kind === 'jsonl') {
    const linePool: LinePool = { threads: pool.threads, gradeLines: pool.gradeLines.bind(pool) };
    await gradeLinesPooled(options, linePool, active.map(({ instance }) => instance.name), signal, {
      countProblem,
      limitReached,
      applyTranscript: (outcome, records) => {
        report.transcripts += 1;
        tallyUnread(report, outcome);
        for (const message of outcome.logs ?? []) log(message);
        let at = outcome.recordsAt;
        for (const step of outcome.steps) {
          if (!applyEncodedStep(outcome.id, step, records, at)) return false;
          if (step.kind === 'verdict') at += step.bytes;
        }
        options.onTranscriptDone?.(outcome.id);
        return true;
      },
    });
    if (fatal !== undefined) throw fatal;
    report.aborted = signal.aborted;
    return report;
  }
  const pooled =
    pool !== undefined
      ? new PooledGrading(pool, active.map(({ instance }) => instance.name), gradersReadByOthers(options.instances), options.store, applyStep, {
          log,
          ...(options.onTranscriptDone === undefined ? {} : { onTranscriptDone: options.onTranscriptDone }),
        })
      : undefined;

  const limit = Math.max(1, options.concurrency ?? 16);
  const inFlight = new Set<Promise<void>>();
  // A repeated id must not be graded twice at once: it waits for the first, then finds it finished.
  const inFlightById = new Map<string, Promise<void>>();
  for await (const item of readTranscripts(options.input, options.keep === undefined ? {} : { keepId: options.keep })) {
    if (signal.aborted || limitReached()) break;
    if (!item.ok) {
      countProblem(item.problem);
      continue;
    }
    if (options.keep !== undefined && !options.keep(item.transcript.id)) continue;
    report.transcripts += 1;
    tallyUnread(report, item.transcript);
    if (pooled !== undefined) {
      await pooled.add(item.transcript, signal);
      continue;
    }
    const { id } = item.transcript;
    const earlier = inFlightById.get(id);
    if (earlier !== undefined) await earlier;
    const task: Promise<void> = gradeTranscript(item.transcript).finally(() => {
      inFlight.delete(task);
      if (inFlightById.get(id) === task) inFlightById.delete(id);
    });
    inFlight.add(task);
    inFlightById.set(id, task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await pooled?.finish(signal);
  if (fatal !== undefined) throw fatal;
  report.aborted = signal.aborted;
  return report;
}

interface LineHandlers {
  countProblem(problem: InputProblem): void;
  limitReached(): boolean;
  /** Counts and writes a kept transcript's steps; false when the run must stop. */
  applyTranscript(outcome: Extract<LineOutcome, { kind: 'transcript' }>, records: Uint8Array): boolean;
}

/**
 * The run over a JSONL file with worker threads: this thread only reads lines and writes what the
 * workers encoded, and checks ids in input order as readTranscripts does (a repeated id is a
 * problem, graded by a worker but never written).
 */
async function gradeLinesPooled(options: LabelRunOptions, pool: LinePool, graders: readonly string[], signal: AbortSignal, handlers: LineHandlers): Promise<void> {
  const seen = new FirstSeenIds();
  const file = options.input;
  const lines = new PooledLineGrading(pool, graders, file, (outcome, records) => {
    if (handlers.limitReached()) return false;
    if (outcome.kind === 'problem') {
      handlers.countProblem(outcome.problem);
      return true;
    }
    const first = seen.firstLineOf(outcome.id, outcome.line);
    if (first !== null) {
      handlers.countProblem(duplicateIdProblem(file, outcome.line, outcome.id, first, outcome.hasOwnId));
      return true;
    }
    return !outcome.kept || handlers.applyTranscript(outcome, records);
  });
  const decoding: DecodingReport = { invalidUtf8: 0, firstInvalidLine: null };
  for await (const { line, text } of readLines(file, decoding)) {
    if (signal.aborted || lines.stopped) break;
    await lines.add(line, text, signal);
  }
  await lines.finish(signal);
  if (decoding.invalidUtf8 > 0 && !lines.stopped && !signal.aborted && !handlers.limitReached()) handlers.countProblem(invalidUtf8Problem(file, decoding));
}

function tallyUnread(report: LabelRunReport, transcript: { unreadShapes?: Record<string, number>; unreadReasoning?: unknown }): void {
  if (transcript.unreadShapes !== undefined) {
    report.unreadShapes ??= {};
    for (const [shape, count] of Object.entries(transcript.unreadShapes)) report.unreadShapes[shape] = (report.unreadShapes[shape] ?? 0) + count;
  }
  if (transcript.unreadReasoning !== undefined) report.unreadReasoning = (report.unreadReasoning ?? 0) + 1;
}
