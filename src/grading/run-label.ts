import type { GraderInstance } from './grader-instance.js';
import { TgradeError, type ErrorCode } from '../errors.js';
import type { ResultsSink } from './results-sink.js';
import { readTranscripts, type InputProblem } from '../transcript/read-transcripts.js';
import type { Transcript } from '../transcript/schema.js';
import type { GraderLlm } from './grader.js';
import { gradeOne, type GradeOneOptions } from './grade-one.js';
import { earlierVerdictOf, recordedVerdictOf, type EarlierVerdict } from './earlier-verdicts.js';
import { resultRecord, type RecordContext, type UsageRecord, type Verdict } from './verdict.js';

// A missing or broken learned-grader model also fails every transcript alike.
const FATAL_CODES = new Set<string>(['E_PROVIDER_AUTH', 'E_PROVIDER_NOT_FOUND', 'E_MODEL_INVALID']);

export type LlmForInstance = (instance: GraderInstance) => { llm: GraderLlm; costOf?: GradeOneOptions['costOf'] } | { unavailable: string };

/** What the run needs of a results store (a dry run hands in one that writes nothing). */
type LabelRunStore = ResultsSink;

interface RecordEvent {
  instance: GraderInstance;
  verdict: Verdict;
  transcriptId: string;
  usage?: UsageRecord;
}

export interface LabelRunOptions {
  input: string;
  store: LabelRunStore;
  instances: readonly GraderInstance[];
  /** Builds the LLM an instance asks for, or says why there is none (e.g. no API key). */
  llmFor?: LlmForInstance;
  /** Transcripts graded at once. */
  concurrency?: number;
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
  const active: { instance: GraderInstance; grading: GradeOneOptions }[] = [];
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

  const gradeTranscript = async (transcript: Transcript) => {
    await gradeAll(transcript);
    options.onTranscriptDone?.(transcript.id);
  };
  const gradeAll = async (transcript: Transcript) => {
    const labels = new Map<string, string | null>();
    // Verdicts given to this transcript so far, for graders that read them (ctx.earlierVerdict).
    const verdicts = new Map<string, EarlierVerdict>();
    const earlierVerdict = (grader: string): EarlierVerdict | undefined => {
      const given = verdicts.get(grader);
      if (given !== undefined) return given;
      const recorded = options.store.labelOf(transcript.id, grader);
      return recorded === undefined ? undefined : recordedVerdictOf(grader, recorded);
    };
    let deferred: Set<string> | undefined;
    for (const { instance, grading } of active) {
      const counts = report.perGrader[instance.name] as GraderRunCounts;
      if (options.store.isFinished(transcript.id, instance.name)) {
        counts.alreadyDone += 1;
        labels.set(instance.name, options.store.labelOf(transcript.id, instance.name) ?? null);
        continue;
      }
      // A gate (or a verdict this grader reads) whose grader is waiting for its answer cannot decide yet: this one waits too.
      if (deferred !== undefined && waitsOn(instance, deferred)) {
        deferred.add(instance.name);
        counts.waitingOnGate = (counts.waitingOnGate ?? 0) + 1;
        continue;
      }
      if (instance.gate !== undefined && !gatePasses(instance.gate, labels, options.store, transcript.id)) {
        counts.gatedOut += 1;
        continue;
      }
      if (signal.aborted) return;
      const outcome = await gradeOne(transcript, instance, grading, earlierVerdict);
      if (outcome.aborted) return;
      if (outcome.deferred) {
        (deferred ??= new Set()).add(instance.name);
        counts.deferred = (counts.deferred ?? 0) + 1;
        continue;
      }
      if (outcome.verdict.status === 'error' && FATAL_CODES.has(outcome.verdict.code ?? '')) {
        fatal ??= new TgradeError(outcome.verdict.code as ErrorCode, `${instance.name}: ${outcome.verdict.error}`);
        stop.abort();
        return;
      }
      const recorded: RecordContext = { transcriptId: transcript.id, grader: instance.name, rubric: instance.rubric.id, source: transcript.source };
      if (outcome.usage !== undefined) recorded.usage = outcome.usage;
      options.store.append(resultRecord(outcome.verdict, recorded));
      labels.set(instance.name, outcome.verdict.status === 'ok' ? outcome.verdict.label : null);
      const given = earlierVerdictOf(instance.name, outcome.verdict);
      if (given !== undefined) verdicts.set(instance.name, given);
      if (outcome.verdict.status === 'error') counts.errors += 1;
      else counts.graded += 1;
      if (options.onRecord !== undefined) {
        const event: RecordEvent = { instance, verdict: outcome.verdict, transcriptId: transcript.id };
        if (outcome.usage !== undefined) event.usage = outcome.usage;
        options.onRecord(event);
      }
    }
  };

  const limit = Math.max(1, options.concurrency ?? 16);
  const inFlight = new Set<Promise<void>>();
  // A repeated id must not be graded twice at once: it waits for the first, then finds it finished.
  const inFlightById = new Map<string, Promise<void>>();
  for await (const item of readTranscripts(options.input, options.keep === undefined ? {} : { keepId: options.keep })) {
    if (signal.aborted) break;
    if (options.limit !== undefined && report.transcripts >= options.limit) break;
    if (!item.ok) {
      if (item.problem.kind === 'duplicate-id') report.duplicateIds = (report.duplicateIds ?? 0) + 1;
      else if (item.problem.kind === 'invalid-utf8') report.invalidUtf8 = (report.invalidUtf8 ?? 0) + (item.problem.count ?? 1);
      else report.problems += 1;
      options.onProblem?.(item.problem);
      continue;
    }
    if (options.keep !== undefined && !options.keep(item.transcript.id)) continue;
    report.transcripts += 1;
    tallyUnread(report, item.transcript);
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
  if (fatal !== undefined) throw fatal;
  report.aborted = signal.aborted;
  return report;
}

function waitsOn(instance: GraderInstance, deferred: ReadonlySet<string>): boolean {
  if (instance.gate !== undefined && deferred.has(instance.gate.grader)) return true;
  return (instance.grader.dependsOn?.(instance.options) ?? []).some((name: string) => deferred.has(name));
}

function tallyUnread(report: LabelRunReport, transcript: Transcript): void {
  if (transcript.unreadShapes !== undefined) {
    report.unreadShapes ??= {};
    for (const [shape, count] of Object.entries(transcript.unreadShapes)) report.unreadShapes[shape] = (report.unreadShapes[shape] ?? 0) + count;
  }
  if (transcript.unreadReasoning !== undefined) report.unreadReasoning = (report.unreadReasoning ?? 0) + 1;
}

function gatePasses(
  gate: NonNullable<GraderInstance['gate']>,
  labelsThisRun: ReadonlyMap<string, string | null>,
  store: LabelRunStore,
  transcriptId: string,
): boolean {
  const label = labelsThisRun.has(gate.grader) ? labelsThisRun.get(gate.grader) : store.labelOf(transcriptId, gate.grader);
  if (label === undefined) return false;
  if (gate.notAbstained === true && label === null) return false;
  if (gate.labels !== undefined) return label !== null && gate.labels.includes(label);
  return true;
}
