import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Setup } from '../config/setup.js';
import type { LlmSettings } from '../config/schema.js';
import { deferredRequest } from '../grading/deferral.js';
import type { GraderLlm, GraderLlmRequest, GraderLlmResponse } from '../grading/grader.js';
import { runLabel, type LabelRunReport, type LlmForInstance } from '../grading/run-label.js';
import type { RecordSummary, ResultRecord } from '../grading/verdict.js';
import { defaultResultsPath } from '../label.js';
import { priceTable, requestCacheKey } from '../providers/llm-for-instance.js';
import { ResponseCache } from '../providers/response-cache.js';
import { estimateCost, type PriceTable } from '../providers/price-table.js';
import { isUsableAnswer } from '../providers/types.js';
import { gradersReadByOthers } from '../grading/grader-instance.js';
import { ResumeIndex } from '../store/resume-index.js';
import { inputUnreadable, readLines } from '../transcript/jsonl-lines.js';
import type { InputProblem } from '../transcript/read-transcripts.js';

/** Characters per token assumed for the input estimate: a rough rule for English text. */
export const CHARS_PER_TOKEN = 4;

export interface DryRunOptions {
  setup: Setup;
  input: string;
  /** Results file: pairs already in it are not counted (default `<input>.results.jsonl`). */
  out?: string;
  /** Count cached answers as requests too (as `--no-cache` would send them). */
  noCache?: boolean;
  signal?: AbortSignal;
  onProblem?: (problem: InputProblem) => void;
}

export interface GraderEstimate {
  grader: string;
  provider: LlmSettings['provider'];
  model: string;
  /** Transcripts that reach the grader (past its gate, not yet in the results file). */
  transcripts: number;
  /** New requests it would send. */
  requests: number;
  /** Requests the response cache would answer for free. */
  cachedRequests: number;
  alreadyDone: number;
  gatedOut: number;
  /** Transcripts whose gate is an LLM grader's verdict, unknown until that grader answers: not counted. */
  waitingOnGate: number;
  inputChars: number;
  /** inputChars / CHARS_PER_TOKEN, rounded up: an estimate, not a tokenizer's count. */
  inputTokens: number;
  /** requests × maxTokens: an upper bound (verdicts are usually much shorter). */
  outputTokensMax: number;
  maxTokens: number;
  /** From the price table; null when the model has no price. */
  costLiveUsd: number | null;
  costBatchUsd: number | null;
}

export interface DryRunReport {
  input: string;
  transcripts: number;
  problems: number;
  graders: GraderEstimate[];
  /** Graders that would not run, with the reason. */
  skipped: { grader: string; reason: string }[];
}

/**
 * `tgrade label --dry-run`: what a run would ask of each LLM grader and what it would cost, sending
 * nothing and writing nothing. The heuristic graders do run (in memory), because gates on their
 * verdicts decide how many transcripts reach an LLM grader; pairs already in the results file are
 * left out, as a real run would skip them. Follow-up requests that depend on an answer (a re-ask
 * for unverified quotes) cannot be known in advance and are not counted.
 */
export async function estimateLabelRun(options: DryRunOptions): Promise<DryRunReport> {
  const { setup } = options;
  const input = await stat(options.input).catch((error: unknown) => {
    throw inputUnreadable(options.input, error);
  });
  if (input.isDirectory()) throw inputUnreadable(options.input, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  const out = resolve(options.out ?? defaultResultsPath(options.input));
  const gatedOn = gradersReadByOthers(setup.instances);
  const index = new ResumeIndex({ trackLabelsOf: gatedOn });
  if (existsSync(out)) {
    for await (const { text } of readLines(out)) {
      try {
        const record = JSON.parse(text) as ResultRecord;
        if (typeof record.transcriptId === 'string' && typeof record.grader === 'string') index.record(record.transcriptId, record.grader, record.status, record.label);
      } catch {
        // an unreadable line is reported by a real run; here it only does not count
      }
    }
  }
  // Remembers verdicts in memory so gates work; the results file is never opened for writing.
  const remember = (record: RecordSummary) => void index.record(record.transcriptId, record.grader, record.status, record.label);
  const store = {
    isFinished: (transcriptId: string, grader: string) => index.isFinished(transcriptId, grader),
    labelOf: (transcriptId: string, grader: string) => index.labelOf(transcriptId, grader),
    append: remember,
    appendEncoded: (_bytes: Uint8Array, _start: number, _end: number, record: RecordSummary) => remember(record),
  };
  const cache = options.noCache ? undefined : new ResponseCache(resolve(setup.baseDir, setup.config.cacheDir), { readOnly: true });
  const tallies = new Map<string, { settings: LlmSettings; requests: number; cached: number; chars: number }>();
  // A grader may give up on a transcript at its first postponed request while its other samples are
  // still being looked up: those are waited for before counting.
  const inFlight = new Set<Promise<unknown>>();
  const llmFor: LlmForInstance = (instance) => {
    const settings = instance.llm;
    if (settings === undefined) return { unavailable: `${instance.name} has no llm settings` };
    const tally = { settings, requests: 0, cached: 0, chars: 0 };
    tallies.set(instance.name, tally);
    const counting = countingLlm(settings, tally, cache);
    return {
      llm: {
        ...counting,
        complete(request) {
          const answer = counting.complete(request);
          inFlight.add(answer);
          const forget = () => inFlight.delete(answer);
          answer.then(forget, forget);
          return answer;
        },
      },
    };
  };
  const run = await runLabel({
    input: options.input,
    store,
    instances: setup.instances,
    llmFor,
    concurrency: setup.config.concurrency,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProblem === undefined ? {} : { onProblem: options.onProblem }),
  });
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  const prices = priceTable(setup.config);
  const graders = [...tallies.entries()].map(([grader, tally]) => estimateOf(grader, tally, run, prices));
  return { input: options.input, transcripts: run.transcripts, problems: run.problems, graders, skipped: run.skipped };
}

function countingLlm(settings: LlmSettings, tally: { requests: number; cached: number; chars: number }, cache: ResponseCache | undefined): GraderLlm {
  return {
    label: `${settings.provider}/${settings.model}`,
    temperature: settings.temperature,
    async complete(request: GraderLlmRequest): Promise<GraderLlmResponse> {
      const hit = await cache?.get(requestCacheKey(settings, request));
      // A cached answer the grader cannot use is asked for again by a live run: it counts as a request.
      if (hit !== undefined && (request.isUsable ?? isUsableAnswer)(hit)) {
        tally.cached += 1;
        return { ...hit, cached: true };
      }
      tally.requests += 1;
      tally.chars += requestChars(request);
      throw deferredRequest('dry run: nothing is sent');
    },
  };
}

/** Everything the model reads: system prompt, messages, and the output schema sent as a tool or format. */
export function requestChars(request: Pick<GraderLlmRequest, 'system' | 'messages' | 'output'>): number {
  let chars = request.system.length + request.output.name.length + (request.output.description?.length ?? 0) + JSON.stringify(request.output.schema).length;
  for (const message of request.messages) chars += message.content.length;
  return chars;
}

function estimateOf(grader: string, tally: { settings: LlmSettings; requests: number; cached: number; chars: number }, run: LabelRunReport, prices: PriceTable): GraderEstimate {
  const counts = run.perGrader[grader];
  const inputTokens = Math.ceil(tally.chars / CHARS_PER_TOKEN);
  const outputTokensMax = tally.requests * tally.settings.maxTokens;
  const usage = { inputTokens, outputTokens: outputTokensMax, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return {
    grader,
    provider: tally.settings.provider,
    model: tally.settings.model,
    transcripts: (counts?.deferred ?? 0) + (counts?.graded ?? 0) + (counts?.errors ?? 0),
    requests: tally.requests,
    cachedRequests: tally.cached,
    alreadyDone: counts?.alreadyDone ?? 0,
    gatedOut: counts?.gatedOut ?? 0,
    waitingOnGate: counts?.waitingOnGate ?? 0,
    inputChars: tally.chars,
    inputTokens,
    outputTokensMax,
    maxTokens: tally.settings.maxTokens,
    costLiveUsd: estimateCost(tally.settings.model, usage, {}, prices),
    costBatchUsd: estimateCost(tally.settings.model, usage, { batch: true }, prices),
  };
}
