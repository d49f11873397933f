/**
 * Anthropic Message Batches: `messages.batches.create({requests: [{custom_id, params}]})`, poll
 * `retrieve` until `processing_status` is `ended`, then stream `results()` (JSONL, one
 * `{custom_id, result: {type: succeeded|errored|canceled|expired, message|error}}` per request,
 * in any order). `params` are exactly what the live provider sends for the same request.
 */
import Anthropic from '@anthropic-ai/sdk';
import { classifyProviderError } from '../providers/classify-error.js';
import { withRetry } from '../providers/retry.js';
import type { LlmResponse } from '../providers/types.js';
import { PROVIDER_BATCH_LIMITS, codeForFailure, scrubSecrets, type BatchBackend, type BatchBackendHooks, type BatchEndpoint, type BatchRequest, type BatchResult, type BatchStatus } from './batch-backend.js';
import type { BatchEntry } from './batch-state.js';

type Params = Anthropic.MessageCreateParamsNonStreaming;

export function createAnthropicBatchBackend(endpoint: BatchEndpoint, hooks: BatchBackendHooks = {}): BatchBackend {
  const client = new Anthropic({
    apiKey: endpoint.apiKey,
    authToken: null,
    ...(endpoint.baseURL === undefined ? {} : { baseURL: endpoint.baseURL }),
    // One retry layer: ours (providers/retry.ts).
    maxRetries: 0,
    ...(hooks.fetch === undefined ? {} : { fetch: hooks.fetch }),
  });
  const secrets = [endpoint.apiKey];
  const call = <T>(what: string, fn: () => Promise<T>, signal?: AbortSignal) =>
    withRetry(
      async () => {
        try {
          return await fn();
        } catch (error) {
          throw classifyProviderError(error, { provider: 'anthropic', secrets, keySource: endpoint.keySource, ...(endpoint.baseURL === undefined ? {} : { baseURL: endpoint.baseURL }) });
        }
      },
      {
        ...(signal === undefined ? {} : { signal }),
        ...(hooks.sleep === undefined ? {} : { sleep: hooks.sleep }),
        ...(hooks.random === undefined ? {} : { random: hooks.random }),
        ...(hooks.onRetry === undefined ? {} : { onRetry: (info) => hooks.onRetry?.({ ...info, provider: 'anthropic' }) }),
      },
    ).catch((error: unknown) => {
      if (error instanceof Error) error.message = `${what}: ${error.message}`;
      throw error;
    });

  return {
    provider: 'anthropic',
    limits: { ...PROVIDER_BATCH_LIMITS.anthropic, ...hooks.limits },
    requestBytes: (request) => Buffer.byteLength(JSON.stringify({ custom_id: request.customId, params: anthropicParams(request.request) })) + 1,
    async submit(requests, signal) {
      const body = { requests: requests.map((request) => ({ custom_id: request.customId, params: anthropicParams(request.request) })) };
      const batch = await call('creating a message batch', () => client.messages.batches.create(body, signal === undefined ? {} : { signal }), signal);
      return { id: batch.id, providerStatus: batch.processing_status };
    },
    async status(entry: BatchEntry, signal): Promise<BatchStatus> {
      const batch = await call(`checking message batch ${entry.id}`, () => client.messages.batches.retrieve(entry.id, {}, signal === undefined ? {} : { signal }), signal);
      const counts = batch.request_counts;
      return {
        ended: batch.processing_status === 'ended',
        providerStatus: batch.processing_status,
        counts: { succeeded: counts.succeeded, errored: counts.errored, expired: counts.expired, canceled: counts.canceled, processing: counts.processing },
      };
    },
    async *results(entry: BatchEntry, signal): AsyncIterable<BatchResult> {
      const lines = await call(`downloading the results of message batch ${entry.id}`, () => client.messages.batches.results(entry.id, {}, signal === undefined ? {} : { signal }), signal);
      for await (const line of lines) yield resultOf(line, entry, secrets);
    },
  };
}

/** The live provider's request body (anthropic-provider.ts `toParams`): forced tool use, cached system prefix. */
export function anthropicParams(request: BatchRequest['request']): Params {
  const { name, description, schema } = request.output;
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    ...(request.system === ''
      ? {}
      : { system: [{ type: 'text' as const, text: request.system, ...(request.cachePrefix ? { cache_control: { type: 'ephemeral' as const } } : {}) }] }),
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    tools: [{ name, ...(description === undefined ? {} : { description }), input_schema: schema as Anthropic.Tool.InputSchema }],
    tool_choice: { type: 'tool', name, disable_parallel_tool_use: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

function resultOf(line: Anthropic.Messages.MessageBatchIndividualResponse, entry: BatchEntry, secrets: readonly string[]): BatchResult {
  const customId = line.custom_id;
  const result = line.result;
  switch (result.type) {
    case 'succeeded':
      return { customId, ok: true, response: responseOf(result.message) };
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

/** The live provider's reading of a Message (anthropic-provider.ts `toResponse`). */
export function responseOf(message: Anthropic.Message): LlmResponse {
  const toolUse = message.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
  const text = message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const refused = message.stop_reason === 'refusal';
  const refusal = refused ? (message.stop_details?.explanation ?? (text.trim() || 'the model refused (stop_reason "refusal")')) : undefined;
  return {
    raw: toolUse ? JSON.stringify(toolUse.input) : text,
    json: toolUse && !refused ? toolUse.input : undefined,
    ...(refusal === undefined ? {} : { refusal }),
    ...(message.stop_reason ? { stopReason: message.stop_reason } : {}),
    model: message.model,
    usage: {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    },
  };
}
