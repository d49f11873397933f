import { mkdir, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isTgradeError, TgradeError } from '../errors.js';
import type { GraderRunCounts, LabelRunReport } from '../grading/run-label.js';
import { defaultResultsPath, labelFile, type LabelFileOptions, type LabelFileResult } from '../label.js';
import { priceTable } from '../providers/llm-for-instance.js';
import { ResponseCache } from '../providers/response-cache.js';
import type { Env } from '../providers/create-provider.js';
import { labelNames } from '../rubric/schema.js';
import { lockExclusively } from '../store/file-lock.js';
import { summarizeResults } from '../summary/results-summary.js';
import { createAnthropicBatchBackend } from './anthropic-batch.js';
import { batchEndpoint, type BatchBackend, type BatchBackendHooks } from './batch-backend.js';
import { BatchRequestCollector } from './batch-llm.js';
import { finishBatches, type BatchJobEvent, type PollOptions } from './batch-poller.js';
import { batchStatePath, loadBatchState, newBatchState, saveBatchState, type BatchEntry, type BatchState } from './batch-state.js';
import { submitSpool } from './batch-submit.js';
import { createOpenAIBatchBackend } from './openai-batch.js';
import { RequestLog, requestLogPath } from './request-log.js';

export interface BatchLabelOptions extends Omit<LabelFileOptions, 'llmFor'> {
  env?: Env;
  /** The `--graders` of this run, saved so `tgrade batch collect` runs the same ones. */
  graders?: readonly string[];
  hooks?: BatchBackendHooks & Pick<PollOptions, 'sleep' | 'firstIntervalMs' | 'maxIntervalMs'>;
  /** What the job is doing, with its batches as they stand after the event (for a progress display). */
  onBatchEvent?: (event: BatchRunEvent, batches: readonly BatchEntry[]) => void;
  /** Passes (submit → collect → grade) before giving up on requests that keep being asked anew. Default 6. */
  maxRounds?: number;
}

/**
 * The job's events: a pass over the input starts (`pass`) and ends with the requests it spooled
 * (`round`); batches are waited for (`waiting`), sent, polled and collected (BatchJobEvent).
 */
export type BatchRunEvent =
  | BatchJobEvent
  | { type: 'pass'; round: number }
  | { type: 'round'; round: number; requests: number }
  | { type: 'waiting'; batches: number };

export interface BatchJobReport {
  stateFile: string;
  /** Batches this job has sent, across runs. */
  batches: number;
  requests: number;
  /** Requests whose batch result was a failure (recorded on the verdicts as errors). */
  failedRequests: number;
  /** True when the run stopped (Ctrl-C) with batches still running at the provider. */
  pending: boolean;
}

export interface BatchLabelResult extends LabelFileResult {
  batch: BatchJobReport;
}

/**
 * `tgrade label --batch`: the label pass with LLM requests sent through the providers' batch APIs.
 * Round by round: finish the batches in flight (poll, then collect answers into the response
 * cache), grade (cached answers become verdicts through the graders' own code, exactly as live;
 * other requests are spooled), submit the spool as new batches. It ends when a pass asks for
 * nothing new — usually after one round, two when a grader asks a follow-up question.
 *
 * Everything needed to resume lives in `<results>.batches.json`, saved after every change a resumed
 * run needs (a batch sent, ended or collected; not a running batch's counts): a rerun
 * (or `tgrade batch collect`) after a crash polls the same batches instead of paying twice.
 */
export async function labelFileInBatches(options: BatchLabelOptions): Promise<BatchLabelResult> {
  // One process drives a job from start to end: a second would poll, collect and submit the same
  // requests again. Each label pass also locks the results file, but between passes (while batches
  // run, for hours) only this lock on the job's state keeps a second process out.
  const stateFile = batchStatePath(resolve(options.out ?? defaultResultsPath(options.input)));
  await mkdir(dirname(stateFile), { recursive: true });
  const jobLock = await lockExclusively(stateFile, { what: 'batch job' });
  try {
    return await runBatchJob(options);
  } finally {
    jobLock.release();
  }
}

async function runBatchJob(options: BatchLabelOptions): Promise<BatchLabelResult> {
  const { setup } = options;
  const out = resolve(options.out ?? defaultResultsPath(options.input));
  const input = resolve(options.input);
  const stateFile = batchStatePath(out);
  const env = options.env ?? process.env;
  const cache = new ResponseCache(resolve(setup.baseDir, setup.config.cacheDir));
  const prices = priceTable(setup.config);
  const spoolDir = `${stateFile.replace(/\.json$/, '')}-spool`;

  let state = await loadBatchState(stateFile);
  if (state !== null && state.completedAt !== undefined) state = null;
  if (state !== null && resolve(state.input) !== input) {
    throw new TgradeError(
      'E_BATCH',
      `${stateFile} belongs to a batch job on ${state.input}, not ${input}: finish it with \`tgrade batch collect ${out}\`, or delete the file to abandon it`,
      { details: { file: stateFile } },
    );
  }
  const job: BatchState = state ?? newBatchState(input, out, options.graders);
  const save = async () => {
    if (job.batches.length > 0 || Object.keys(job.errors).length > 0) await saveBatchState(stateFile, job);
  };
  const logFile = requestLogPath(stateFile);
  // A new job starts a new log (an old one belongs to a finished job, or to one whose state was never saved).
  if (state === null) await rm(logFile, { force: true });
  const log = await RequestLog.open(logFile);
  if (job.requests !== undefined) {
    await moveRequestsToLog(job, log);
    await save();
  }

  const backends = new Map<string, BatchBackend>();
  const backendOf = (target: Pick<BatchEntry, 'provider' | 'baseURL' | 'apiKeyEnv'>): BatchBackend => {
    const endpoint = batchEndpoint(target, env);
    if ('unavailable' in endpoint) throw new TgradeError('E_PROVIDER_UNAVAILABLE', `cannot reach the ${target.provider} batch API: ${endpoint.unavailable}`);
    const key = JSON.stringify([endpoint.provider, endpoint.baseURL, target.apiKeyEnv]);
    let backend = backends.get(key);
    if (backend === undefined) {
      backend = endpoint.provider === 'anthropic' ? createAnthropicBatchBackend(endpoint, options.hooks) : createOpenAIBatchBackend(endpoint, options.hooks);
      backends.set(key, backend);
    }
    return backend;
  };
  const tell = (event: BatchRunEvent) => options.onBatchEvent?.(event, job.batches);
  const onChange = async (event: BatchJobEvent) => {
    // A poll that only moved a running batch's counts changes nothing a resumed run needs.
    if (event.type !== 'status' || event.batch.status !== 'submitted') await save();
    tell(event);
  };
  const poll = {
    onChange,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.hooks?.sleep === undefined ? {} : { sleep: options.hooks.sleep }),
    ...(options.hooks?.firstIntervalMs === undefined ? {} : { firstIntervalMs: options.hooks.firstIntervalMs }),
    ...(options.hooks?.maxIntervalMs === undefined ? {} : { maxIntervalMs: options.hooks.maxIntervalMs }),
  };

  let merged: LabelRunReport | undefined;
  let last: LabelFileResult | undefined;
  const maxRounds = options.maxRounds ?? 6;
  for (let round = 0; ; round += 1) {
    const open = job.batches.filter((batch) => batch.status !== 'collected').length;
    if (open > 0) tell({ type: 'waiting', batches: open });
    const finished = await finishBatches(job, log, (batch) => backendOf(batch), cache, poll);
    if (!finished) return stopped(options, out, job, stateFile, merged, last);

    await rm(spoolDir, { recursive: true, force: true });
    const collector = new BatchRequestCollector({ state: job, log, cache, env, prices, spoolDir });
    // After the first pass only LLM graders have anything left to do (their gates' labels are
    // read back from the results file).
    const passSetup = round === 0 ? setup : { ...setup, instances: setup.instances.filter((instance) => instance.llm !== undefined) };
    tell({ type: 'pass', round });
    last = await labelFile({ ...options, setup: passSetup, out, llmFor: collector.llmFor });
    const groups = await collector.settled();
    merged = merged === undefined ? last.run : mergeReports(merged, last.run);
    const requests = groups.reduce((sum, group) => sum + group.requests, 0);
    tell({ type: 'round', round, requests });

    if (requests === 0 || last.run.aborted) {
      await rm(spoolDir, { recursive: true, force: true });
      if (!last.run.aborted) job.completedAt = new Date().toISOString();
      await save();
      return { ...last, run: merged, batch: jobReport(job, stateFile, false) };
    }
    if (round + 1 >= maxRounds) {
      throw new TgradeError('E_BATCH', `graders still ask new questions after ${maxRounds} rounds of batches; the state is in ${stateFile}`);
    }
    job.rounds += 1;
    try {
      await submitSpool(groups, job, log, (group) => backendOf(group.settings as Pick<BatchEntry, 'provider' | 'baseURL' | 'apiKeyEnv'>), {
        onChange,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      // Stopped while waiting to retry a create: what was sent is saved, the rest is spooled again next run.
      if (options.signal?.aborted && isTgradeError(error, 'E_ABORTED')) {
        await save();
        return stopped(options, out, job, stateFile, merged, last);
      }
      throw error;
    }
    await save();
    await rm(spoolDir, { recursive: true, force: true });
  }
}

/** A state saved by an earlier version holds its requests itself: they go to the log, once. */
async function moveRequestsToLog(job: BatchState, log: RequestLog): Promise<void> {
  const byBatch = new Map<string, { customId: string; grader: string; sample: number; prompt: string }[]>();
  for (const [customId, request] of Object.entries(job.requests ?? {})) {
    if (log.batchOf(customId) === request.batch) continue;
    let requests = byBatch.get(request.batch);
    if (requests === undefined) byBatch.set(request.batch, (requests = []));
    requests.push({ customId, grader: request.grader, sample: request.sample, prompt: request.prompt });
  }
  for (const [batch, requests] of byBatch) log.append(batch, requests);
  delete job.requests;
}

/** Interrupted while batches run: what is known now, and the state on disk to resume from. */
async function stopped(options: BatchLabelOptions, out: string, job: BatchState, stateFile: string, merged: LabelRunReport | undefined, last: LabelFileResult | undefined): Promise<BatchLabelResult> {
  const labelOrder = new Map([...options.setup.rubrics.values()].map((rubric) => [rubric.id, labelNames(rubric)]));
  const run: LabelRunReport = { ...(merged ?? { transcripts: 0, problems: 0, skipped: [], perGrader: {} }), aborted: true };
  return { out, run, summaries: last?.summaries ?? (await summarizeResults(out, labelOrder)), batch: jobReport(job, stateFile, true) };
}

function jobReport(job: BatchState, stateFile: string, pending: boolean): BatchJobReport {
  return {
    stateFile,
    batches: job.batches.length,
    requests: job.batches.reduce((sum, batch) => sum + batch.requests, 0),
    failedRequests: Object.keys(job.errors).length,
    pending,
  };
}

/**
 * One report for the passes of a job: verdicts written add up; what was done before comes from the
 * first pass; gates, errors and waiting requests from the last pass that ran the grader (a pass
 * retries the errors of the one before, so they would be counted twice).
 */
function mergeReports(first: LabelRunReport, next: LabelRunReport): LabelRunReport {
  const perGrader: Record<string, GraderRunCounts> = {};
  for (const [grader, counts] of Object.entries(first.perGrader)) {
    const later = next.perGrader[grader];
    perGrader[grader] =
      later === undefined
        ? counts
        : {
            graded: counts.graded + later.graded,
            alreadyDone: counts.alreadyDone,
            gatedOut: later.gatedOut,
            errors: later.errors,
            ...(later.deferred === undefined ? {} : { deferred: later.deferred }),
            ...(later.waitingOnGate === undefined ? {} : { waitingOnGate: later.waitingOnGate }),
          };
  }
  return { ...first, aborted: first.aborted || next.aborted, perGrader };
}
