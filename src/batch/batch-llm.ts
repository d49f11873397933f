import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { GraderInstance } from '../config/setup.js';
import type { LlmSettings } from '../config/schema.js';
import { TgradeError, type ErrorCode } from '../errors.js';
import { deferredRequest } from '../grading/deferral.js';
import type { GraderLlm, GraderLlmRequest, GraderLlmResponse } from '../grading/grader.js';
import type { LlmForInstance } from '../grading/run-label.js';
import { providerRequestOf, requestCacheKey } from '../providers/llm-for-instance.js';
import type { ResponseCache } from '../providers/response-cache.js';
import type { Env } from '../providers/create-provider.js';
import { HashedIdSet } from '../store/hashed-id-set.js';
import { estimateCost, type PriceTable } from '../providers/price-table.js';
import { isUsableAnswer } from '../providers/types.js';
import { batchEndpoint, type BatchRequest } from './batch-backend.js';
import type { BatchState } from './batch-state.js';
import type { RequestLog } from './request-log.js';

/** One line of the spool: a request waiting to be put into a batch. */
export interface SpooledRequest extends BatchRequest {
  grader: string;
  sample: number;
  prompt: string;
}

/** Requests for one provider endpoint and model (one batch holds one model, as OpenAI requires). */
export interface SpoolGroup {
  settings: LlmSettings;
  file: string;
  requests: number;
}

export interface BatchCollectorOptions {
  state: BatchState;
  log: RequestLog;
  cache: ResponseCache;
  env: Env;
  prices: PriceTable;
  /** Folder for the spool files (one per endpoint and model). */
  spoolDir: string;
}

/**
 * The LLM that batch mode hands to graders. It answers from the response cache (where collected
 * batch results land) and raises a batch request's recorded failure as the error a live call would
 * have raised; any other request is written to the spool for the next batch and postponed
 * (`deferredRequest`), so the grade is not recorded and runs again once the answer is in.
 *
 * A cached answer that this job's batches brought in counts as a paid request at the batch price
 * (once); any other cached answer counts as cached, as in a live run.
 */
export class BatchRequestCollector {
  readonly llmFor: LlmForInstance;
  private readonly options: BatchCollectorOptions;
  private readonly spooled = new HashedIdSet();
  private readonly groups = new Map<string, SpoolFile>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly consumed = new HashedIdSet();

  constructor(options: BatchCollectorOptions) {
    this.options = options;
    this.llmFor = (instance) => this.llmOf(instance);
  }

  /** Requests postponed so far in this pass. */
  get deferredRequests(): number {
    return this.spooled.size;
  }

  /** Waits for every request still being looked up, then closes the spool files. */
  async settled(): Promise<SpoolGroup[]> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const groups: SpoolGroup[] = [];
    for (const group of this.groups.values()) {
      group.stream.end();
      await once(group.stream, 'finish');
      groups.push({ settings: group.settings, file: group.file, requests: group.requests });
    }
    this.groups.clear();
    return groups;
  }

  private llmOf(instance: GraderInstance): ReturnType<LlmForInstance> {
    const settings = instance.llm;
    if (settings === undefined) return { unavailable: `${instance.name} has no llm settings` };
    const endpoint = batchEndpoint(settings, this.options.env);
    if ('unavailable' in endpoint) return { unavailable: endpoint.unavailable };
    const llm: GraderLlm = {
      label: `${settings.provider}/${settings.model}`,
      temperature: settings.temperature,
      complete: (request) => {
        const answer = this.answer(instance.name, settings, request);
        this.inFlight.add(answer);
        void answer.then(
          () => this.inFlight.delete(answer),
          () => this.inFlight.delete(answer),
        );
        return answer;
      },
    };
    return { llm, costOf: (usage) => estimateCost(settings.model, usage, { batch: true }, this.options.prices) };
  }

  private async answer(grader: string, settings: LlmSettings, request: GraderLlmRequest): Promise<GraderLlmResponse> {
    const { state, log, cache } = this.options;
    const key = requestCacheKey(settings, request);
    const failure = state.errors[key];
    if (failure !== undefined) throw new TgradeError(failure.code as ErrorCode, failure.message, { details: { retryable: false, batch: log.batchOf(key) } });
    const hit = await cache.get(key);
    // An answer the grader cannot use is asked for again, unless this job's own batch brought it in:
    // then it is this job's answer (recorded as an error), and asking again in every pass would loop.
    if (hit !== undefined && ((request.isUsable ?? isUsableAnswer)(hit) || log.batchOf(key) !== undefined)) {
      if (log.batchOf(key) !== undefined && !this.consumed.has(key)) {
        this.consumed.add(key);
        return { ...hit, cached: false };
      }
      return { ...hit, cached: true };
    }
    if (!this.spooled.has(key)) {
      this.spooled.add(key);
      await this.spool(settings, {
        customId: key,
        grader,
        sample: request.sampleIndex ?? 0,
        prompt: createHash('sha256').update(JSON.stringify(request.messages)).digest('hex').slice(0, 16),
        request: withoutRunFields(providerRequestOf(settings, request)),
      });
    }
    throw deferredRequest();
  }

  private async spool(settings: LlmSettings, line: SpooledRequest): Promise<void> {
    const groupKey = JSON.stringify([settings.provider, settings.baseURL, settings.apiKeyEnv, settings.model]);
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      await mkdir(this.options.spoolDir, { recursive: true });
      // Re-checked after the await: another request of this group may have opened it meanwhile.
      group = this.groups.get(groupKey);
      if (group === undefined) {
        const file = join(this.options.spoolDir, `${createHash('sha256').update(groupKey).digest('hex').slice(0, 16)}.jsonl`);
        group = { settings, file, stream: createWriteStream(file, { flags: 'a' }), requests: 0 };
        this.groups.set(groupKey, group);
      }
    }
    group.requests += 1;
    // Spooled requests go to disk, not memory: wait when the file falls behind.
    if (!group.stream.write(`${JSON.stringify(line)}\n`)) await drained(group);
  }
}

interface SpoolFile {
  settings: LlmSettings;
  file: string;
  stream: WriteStream;
  requests: number;
  /** The wait for the stream's next 'drain', while one is pending. */
  drain?: Promise<unknown> | undefined;
}

/**
 * One wait for the spool's 'drain', shared by every request that finds the file behind: with many
 * requests in flight, a wait (a 'drain' and an 'error' listener) each set off Node's listener-leak warning.
 */
function drained(group: SpoolFile): Promise<unknown> {
  group.drain ??= once(group.stream, 'drain').finally(() => {
    group.drain = undefined;
  });
  return group.drain;
}

function withoutRunFields(request: ReturnType<typeof providerRequestOf>): BatchRequest['request'] {
  const { signal: _signal, timeoutMs: _timeout, ...rest } = request;
  return rest;
}
