import { abortableSleep, type Sleep } from '../providers/abortable-sleep.js';
import { isTgradeError } from '../errors.js';
import type { ResponseCache } from '../providers/response-cache.js';
import type { BatchBackend } from './batch-backend.js';
import type { BatchEntry, BatchState } from './batch-state.js';
import type { RequestLog } from './request-log.js';

export interface PollOptions {
  /** First wait between status checks, then ×1.5 each time up to `maxIntervalMs`. */
  firstIntervalMs?: number;
  maxIntervalMs?: number;
  sleep?: Sleep;
  signal?: AbortSignal;
  /** Called after every change of the state (the caller saves it). */
  onChange: (event: BatchJobEvent) => Promise<void>;
}

export type BatchJobEvent =
  | { type: 'submitted'; batch: BatchEntry }
  | { type: 'status'; batch: BatchEntry }
  | { type: 'collected'; batch: BatchEntry; answers: number; errors: number };

const DEFAULT_POLL = { firstIntervalMs: 10_000, maxIntervalMs: 60_000 } as const;

/**
 * Waits for every submitted batch to end, checking each in turn with a growing interval, and
 * collects each as soon as it ends: answers into the response cache (keyed by custom_id, which is
 * the cache key), failures into the state. Returns false when the signal stopped it first; the
 * batches keep running at the provider and the saved state lets a later run pick them up.
 */
export async function finishBatches(state: BatchState, log: RequestLog, backendOf: (batch: BatchEntry) => BatchBackend, cache: ResponseCache, options: PollOptions): Promise<boolean> {
  try {
    return await pollAndCollect(state, log, backendOf, cache, options);
  } catch (error) {
    // Stopped while a status check or a download was on the wire: the same stop as between checks.
    // A batch stopped mid-download stays `ended` and is collected again next time.
    if (options.signal?.aborted && isTgradeError(error, 'E_ABORTED')) return false;
    throw error;
  }
}

async function pollAndCollect(state: BatchState, log: RequestLog, backendOf: (batch: BatchEntry) => BatchBackend, cache: ResponseCache, options: PollOptions): Promise<boolean> {
  const sleep = options.sleep ?? abortableSleep;
  let interval = options.firstIntervalMs ?? DEFAULT_POLL.firstIntervalMs;
  const maxInterval = options.maxIntervalMs ?? DEFAULT_POLL.maxIntervalMs;
  for (;;) {
    const open = state.batches.filter((batch) => batch.status !== 'collected');
    if (open.length === 0) return true;
    if (options.signal?.aborted) return false;
    let waiting = false;
    for (const batch of open) {
      if (batch.status === 'submitted') {
        const status = await backendOf(batch).status(batch, options.signal);
        const changed = status.providerStatus !== batch.providerStatus || JSON.stringify(status.counts) !== JSON.stringify(batch.counts);
        batch.providerStatus = status.providerStatus;
        batch.counts = status.counts;
        if (status.ended) {
          batch.status = 'ended';
          batch.endedAt = new Date().toISOString();
          if (status.failure !== undefined) batch.failure = status.failure;
        }
        if (changed || status.ended) await options.onChange({ type: 'status', batch });
      }
      if (batch.status === 'ended') {
        const { answers, errors } = await collect(state, log, batch, backendOf(batch), cache, options.signal);
        batch.status = 'collected';
        batch.collectedAt = new Date().toISOString();
        await options.onChange({ type: 'collected', batch, answers, errors });
      } else {
        waiting = true;
      }
    }
    if (!waiting) continue;
    await sleep(interval, options.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

async function collect(state: BatchState, log: RequestLog, batch: BatchEntry, backend: BatchBackend, cache: ResponseCache, signal: AbortSignal | undefined): Promise<{ answers: number; errors: number }> {
  const seen = new Set<string>();
  let answers = 0;
  let errors = 0;
  // A batch that failed as a whole (OpenAI `failed`: its input file was rejected) has no results.
  if (batch.failure === undefined) {
    for await (const result of backend.results(batch, signal)) {
      // A line for a request this job did not send (another tool's batch?) is not ours to store.
      if (log.batchOf(result.customId) !== batch.id || seen.has(result.customId)) continue;
      seen.add(result.customId);
      if (result.ok) {
        await cache.set(result.customId, result.response);
        answers += 1;
      } else {
        state.errors[result.customId] = { code: result.code, message: result.message };
        errors += 1;
      }
    }
  }
  for await (const customId of log.customIdsOf(batch.id)) {
    if (seen.has(customId) || state.errors[customId] !== undefined) continue;
    const message =
      batch.failure === undefined ? `batch ${batch.id} ended without a result for this request; rerun to submit it again` : `batch ${batch.id} failed: ${batch.failure}`;
    state.errors[customId] = { code: 'E_BATCH', message };
    errors += 1;
  }
  return { answers, errors };
}
