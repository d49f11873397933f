import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, basename, join, resolve } from 'node:path';
import { TgradeError } from './errors.js';
import type { Setup } from './config/setup.js';
import { gradersReadByOthers } from './grading/grader-instance.js';
import { runLabel, type LabelRunOptions, type LabelRunReport, type LlmForInstance } from './grading/run-label.js';
import { ResultsStore, type StoreRepair } from './store/results-store.js';
import type { GraderSummary } from './summary/results-summary.js';
import { ResultsTally } from './summary/results-tally.js';
import { inputUnreadable } from './transcript/jsonl-lines.js';
import { inputKindOf } from './transcript/input-kind.js';
import type { InputProblem } from './transcript/read-transcripts.js';
import { labelNames } from './rubric/schema.js';
import { pickDefined } from './pick-defined.js';
import { startTranscriptPool, type StartedPool } from './label-pool.js';
import { hashInput } from './shard/input-hash.js';
import { checkResultsFileForRun, writeManifest, type ShardManifest } from './shard/shard-manifest.js';
import { inShard, type ShardSpec } from './shard/shard-spec.js';

export interface LabelFileOptions {
  setup: Setup;
  input: string;
  /** Results file; default `<input>.results.jsonl` beside the input. */
  out?: string;
  llmFor?: LlmForInstance;
  signal?: AbortSignal;
  onProblem?: (problem: InputProblem) => void;
  onRepair?: (repair: StoreRepair) => void;
  onRecord?: LabelRunOptions['onRecord'];
  onTranscriptDone?: LabelRunOptions['onTranscriptDone'];
  log?: (message: string) => void;
  /** Grade only the first n transcripts (`--limit`). */
  limit?: number;
  /**
   * Worker threads for the CPU-bound graders (`--jobs`; default 1: graded in this thread; `auto`: see
   * autoJobs). Used when no active grader calls an LLM and the setup came from loadSetup; the records
   * are the same.
   */
  jobs?: number | 'auto';
  /** Grade only this shard's share of the input (`--shard i/n`); the results file records it (shard-manifest.ts). */
  shard?: ShardSpec;
}

export interface LabelFileResult {
  out: string;
  run: LabelRunReport;
  summaries: GraderSummary[];
}

/** Starts the worker pool `--jobs` asks for, when the run grades something offline (runLabel decides). */
function poolStarterFor(options: LabelFileOptions, store: ResultsStore, jobs: number, started: (pool: StartedPool) => void): (() => StartedPool) | undefined {
  if (jobs <= 1) return undefined;
  const { loadedWith } = options.setup;
  if (loadedWith === undefined) {
    options.log?.('tgrade: --jobs needs a setup from loadSetup (worker threads load the same one); grading in this thread');
    return undefined;
  }
  return () => {
    const pool = startTranscriptPool({ setupOptions: loadedWith, resume: store.resumeSnapshot(), ...(options.shard === undefined ? {} : { shard: options.shard }) }, jobs);
    started(pool);
    return pool;
  };
}

// A worker thread costs ~0.2 s of CPU to start (it loads the library) and 30–75 MB; with less input
// than this each, it would not earn that back (bench/heuristic-throughput.mjs).
const AUTO_JOBS_BYTES_PER_WORKER = 16 * 1024 * 1024;

/**
 * `--jobs auto`: one worker thread per 16 MB of a JSONL input, at most one per core; 1 (this thread)
 * for small inputs and Inspect logs, whose reading here is most of their cost.
 */
export async function autoJobs(input: string): Promise<number> {
  if ((await inputKindOf(input)).kind !== 'jsonl') return 1;
  const { size } = await stat(input);
  return Math.max(1, Math.min(availableParallelism(), Math.floor(size / AUTO_JOBS_BYTES_PER_WORKER)));
}

/** `<input>.results.jsonl` beside the input; a shard's is `<input>.shard-3-of-8.results.jsonl`, so shards on a shared disk never share a file. */
export function defaultResultsPath(input: string, shard?: ShardSpec): string {
  const name = basename(resolve(input)).replace(/\.(jsonl?|eval)$/i, '');
  const part = shard === undefined ? '' : `.shard-${shard.index}-of-${shard.count}`;
  return join(dirname(resolve(input)), `${name}${part}.results.jsonl`);
}

/** `tgrade label` as a library call: grade a transcripts file (JSONL, an Inspect log or a folder of logs) into a results file and summarize it. */
export async function labelFile(options: LabelFileOptions): Promise<LabelFileResult> {
  const out = resolve(options.out ?? defaultResultsPath(options.input, options.shard));
  // Appending results to the transcripts would corrupt the input for every later run.
  if (out === resolve(options.input)) throw new TgradeError('E_CONFIG_INVALID', `--out ${options.out ?? out}: the results file cannot be the input file`);
  // Check the input before the results file is created, so a typo in its name leaves nothing behind.
  // (A folder is fine: it is read as a folder of Inspect logs, an eval set's log dir.)
  await stat(options.input).catch((error: unknown) => {
    throw inputUnreadable(options.input, error);
  });
  const { shard } = options;
  const manifest = checkResultsFileForRun(out, shard === undefined ? null : { spec: shard, inputHash: await hashInput(options.input), input: options.input });
  const gatedOn = gradersReadByOthers(options.setup.instances);
  // The summary is counted as records are read and written, not by reading the results file again.
  const tally = new ResultsTally();
  const { store, repairs, lockRecoveredFrom } = await ResultsStore.open(out, { trackLabelsOf: gatedOn, onRecord: (record, before) => tally.add(record, before) });
  if (lockRecoveredFrom !== undefined) options.log?.(`tgrade: ${out}: took over the lock of process ${lockRecoveredFrom.pid}, which is no longer running`);
  for (const repair of repairs) options.onRepair?.(repair);
  // Written under the store's lock, before the first record, and without `completedAt` until this run gets through.
  if (manifest !== null) writeManifest(out, withoutCompletion(manifest));
  tally.countErrorCausesFromNow();
  let run: LabelRunReport;
  let pool: StartedPool | undefined;
  const jobs = options.jobs === 'auto' ? await autoJobs(options.input) : (options.jobs ?? 1);
  const startPool = poolStarterFor(options, store, jobs, (started) => (pool = started));
  try {
    run = await runLabel({
      ...(startPool === undefined ? {} : { startPool }),
      input: options.input,
      store,
      instances: options.setup.instances,
      concurrency: options.setup.config.concurrency,
      ...pickDefined(options, ['limit', 'llmFor', 'signal', 'onProblem', 'onRecord', 'onTranscriptDone', 'log']),
      ...(shard === undefined ? {} : { keep: (transcriptId: string) => inShard(transcriptId, shard) }),
    });
    if (manifest !== null && !run.aborted && options.limit === undefined) {
      // A grader skipped for want of a key on one node would leave its verdicts missing from that shard only: merge compares these.
      const skipped = new Set(run.skipped.map((entry) => entry.grader));
      const ran = options.setup.instances.map((instance) => instance.name).filter((name) => !skipped.has(name));
      const graders = [...new Set([...(manifest.graders ?? []), ...ran])].sort();
      writeManifest(out, { ...withoutCompletion(manifest), completedAt: new Date().toISOString(), graders });
    }
  } finally {
    store.close();
    await pool?.close();
  }
  const labelOrder = new Map([...options.setup.rubrics.values()].map((rubric) => [rubric.id, labelNames(rubric)]));
  // The results file may hold graders this run did not select (`--graders X`): summarize only those that ran.
  const selected = new Set(options.setup.instances.map((instance) => instance.name));
  return { out, run, summaries: tally.summaries(labelOrder).filter((summary) => selected.has(summary.grader)) };
}

function withoutCompletion(manifest: ShardManifest): ShardManifest {
  const { completedAt: _completedAt, ...rest } = manifest;
  return rest;
}
