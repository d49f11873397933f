/**
 * Anthropic Message Batches: `messages.batches.create({requests: [{custom_id, params}]})`, poll
 * `retrieve` until `processing_status` is `ended`, then stream `results()` (JSONL, one
 * `{custom_id, result: {type: succeeded|errored|canceled|expired, message|error}}` per request,
 * in any order). `params` are exactly what the live provider sends for the same request.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { anthropicMessageParams, anthropicResponse } from '../providers/anthropic-provider.js';
import { lazyAnthropicClient } from '../providers/sdk-clients.js';
import { PROVIDER_BATCH_LIMITS, codeForFailure, scrubSecrets, type BatchBackend, type BatchBackendHooks, type BatchEndpoint, type BatchResult, type BatchStatus } from './batch-backend.js';
import { batchCall } from './batch-call.js';
import type { BatchEntry } from './batch-state.js';

export function createAnthropicBatchBackend(endpoint: BatchEndpoint, hooks: BatchBackendHooks = {}): BatchBackend {
  const client = lazyAnthropicClient({
    apiKey: endpoint.apiKey,
    authToken: null,
    ...(endpoint.baseURL === undefined ? {} : { baseURL: endpoint.baseURL }),
    // One retry layer: ours (providers/retry.ts).
    maxRetries: 0,
    ...(hooks.fetch === undefined ? {} : { fetch: hooks.fetch }),
  });
  const secrets = [endpoint.apiKey];
  const call = batchCall('anthropic', endpoint, hooks);

  return {
    provider: 'anthropic',
    limits: { ...PROVIDER_BATCH_LIMITS.anthropic, ...hooks.limits },
    requestBytes: (request) => Buffer.byteLength(JSON.stringify({ custom_id: request.customId, params: anthropicMessageParams(request.request) })) + 1,
    async submit(requests, signal) {
      const body = { requests: requests.map((request) => ({ custom_id: request.customId, params: anthropicMessageParams(request.request) })) };
      // A Ctrl-C lets this request finish, so an accepted batch is never lost (see BatchBackend.submit).
      const batch = await call('creating a message batch', async () => (await client()).messages.batches.create(body), signal, { finishAttemptInFlight: true });
      return { id: batch.id, providerStatus: batch.processing_status };
    },
    async status(entry: BatchEntry, signal): Promise<BatchStatus> {
      const batch = await call(`checking message batch ${entry.id}`, async () => (await client()).messages.batches.retrieve(entry.id, {}, signal === undefined ? {} : { signal }), signal);
      const counts = batch.request_counts;
      return {
        ended: batch.processing_status === 'ended',
        providerStatus: batch.processing_status,
        counts: { succeeded: counts.succeeded, errored: counts.errored, expired: counts.expired, canceled: counts.canceled, processing: counts.processing },
      };
    },
    async *results(entry: BatchEntry, signal): AsyncIterable<BatchResult> {
      const lines = await call(`downloading the results of message batch ${entry.id}`, async () => (await client()).messages.batches.results(entry.id, {}, signal === undefined ? {} : { signal }), signal);
      for await (const line of lines) yield resultOf(line, entry, secrets);
    },
  };
}

function resultOf(line: Anthropic.Messages.MessageBatchIndividualResponse, entry: BatchEntry, secrets: readonly string[]): BatchResult {
  const customId = line.custom_id;
  const result = line.result;
  switch (result.type) {
    case 'succeeded':
      return { customId, ok: true, response: anthropicResponse(result.message, undefined, undefined) };
    case 'errored': {
      const error = result.error.error;
      return { customId, ok: false, code: codeForFailure({ type: error.type }), message: `Anthropic batch ${entry.id}: ${scrubSecrets(error.message, secrets)} (${error.type})` };
    }
    case 'canceled':
      return { customId, ok: false, code: 'E_BATCH', message: `Anthropic batch ${entry.id} was canceled before this request ran; rerun to submit it again` };
    case 'expired':
      return { customId, ok: false, code: 'E_BATCH', message: `Anthropic batch ${entry.id} expired (24 h) before this request ran; rerun to submit it again` };
  }
}
