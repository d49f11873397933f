import { resolve } from 'node:path';
import { describeError } from '../errors.js';
import type { Env } from '../providers/create-provider.js';
import { createAnthropicBatchBackend } from './anthropic-batch.js';
import { batchEndpoint, type BatchBackendHooks } from './batch-backend.js';
import { batchStatePath, loadBatchState, type BatchEntry, type BatchState } from './batch-state.js';
import { createOpenAIBatchBackend } from './openai-batch.js';

export interface BatchJobStatus {
  stateFile: string;
  state: BatchState;
  /** Each batch with the provider's current word on it (or, when it cannot be asked, why not). */
  batches: (BatchEntry & { checkError?: string })[];
}

/**
 * `tgrade batch status`: the saved job, with each unfinished batch checked once at the provider.
 * Read-only: the state file is not rewritten (the next `label --batch` or `batch collect` does that).
 */
export async function batchJobStatus(resultsFile: string, options: { env?: Env; hooks?: BatchBackendHooks; signal?: AbortSignal } = {}): Promise<BatchJobStatus | null> {
  const stateFile = batchStatePath(resolve(resultsFile));
  const state = await loadBatchState(stateFile);
  if (state === null) return null;
  const env = options.env ?? process.env;
  const batches: BatchJobStatus['batches'] = [];
  for (const batch of state.batches) {
    if (batch.status !== 'submitted') {
      batches.push(batch);
      continue;
    }
    const endpoint = batchEndpoint(batch, env);
    if ('unavailable' in endpoint) {
      batches.push({ ...batch, checkError: endpoint.unavailable });
      continue;
    }
    const backend = endpoint.provider === 'anthropic' ? createAnthropicBatchBackend(endpoint, options.hooks) : createOpenAIBatchBackend(endpoint, options.hooks);
    try {
      const status = await backend.status(batch, options.signal);
      batches.push({ ...batch, providerStatus: status.providerStatus, counts: status.counts, ...(status.ended ? { status: 'ended' as const } : {}) });
    } catch (error) {
      batches.push({ ...batch, checkError: describeError(error) });
    }
  }
  return { stateFile, state, batches };
}
