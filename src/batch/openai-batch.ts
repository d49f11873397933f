/**
 * OpenAI Batch API: upload a JSONL file (`files.create`, purpose `batch`) of
 * `{custom_id, method: 'POST', url: '/v1/chat/completions', body}` lines, `batches.create` with a
 * 24 h window, poll `status` until completed / failed / expired / cancelled, then read the output
 * file (`{custom_id, response: {status_code, body}, error}` per line) and the error file. `body`
 * is exactly what the live provider sends for the same request.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type OpenAI from 'openai';
import { openaiChatParams, openaiResponse } from '../providers/openai-provider.js';
import { lazyOpenAIClient, openAIToFile } from '../providers/sdk-clients.js';
import { PROVIDER_BATCH_LIMITS, codeForFailure, scrubSecrets, type BatchBackend, type BatchBackendHooks, type BatchEndpoint, type BatchRequest, type BatchResult, type BatchStatus } from './batch-backend.js';
import { batchCall } from './batch-call.js';
import type { BatchEntry } from './batch-state.js';

const ENDPOINT = '/v1/chat/completions';
const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

export function createOpenAIBatchBackend(endpoint: BatchEndpoint, hooks: BatchBackendHooks = {}): BatchBackend {
  const client = lazyOpenAIClient({
    apiKey: endpoint.apiKey,
    ...(endpoint.baseURL === undefined ? {} : { baseURL: endpoint.baseURL }),
    maxRetries: 0,
    ...(hooks.fetch === undefined ? {} : { fetch: hooks.fetch }),
  });
  const secrets = [endpoint.apiKey];
  const call = batchCall('openai', endpoint, hooks);
  const options = (signal: AbortSignal | undefined) => (signal === undefined ? {} : { signal });

  return {
    provider: 'openai',
    limits: { ...PROVIDER_BATCH_LIMITS.openai, ...hooks.limits },
    requestBytes: (request) => Buffer.byteLength(inputLine(request)) + 1,
    async submit(requests, signal) {
      const jsonl = Buffer.from(requests.map((request) => `${inputLine(request)}\n`).join(''), 'utf8');
      const file = await call(
        'uploading the batch input file',
        async () => (await client()).files.create({ file: await openAIToFile(jsonl, 'tgrade-batch.jsonl', { type: 'application/jsonl' }), purpose: 'batch' }, options(signal)),
        signal,
      );
      // A Ctrl-C lets this request finish, so an accepted batch is never lost (see BatchBackend.submit);
      // an upload cut off costs nothing.
      const batch = await call('creating a batch', async () => (await client()).batches.create({ input_file_id: file.id, endpoint: ENDPOINT, completion_window: '24h' }), signal, { finishAttemptInFlight: true });
      return { id: batch.id, inputFileId: file.id, providerStatus: batch.status };
    },
    async status(entry: BatchEntry, signal): Promise<BatchStatus> {
      const batch = await call(`checking batch ${entry.id}`, async () => (await client()).batches.retrieve(entry.id, options(signal)), signal);
      const total = batch.request_counts?.total ?? entry.requests;
      const completed = batch.request_counts?.completed ?? 0;
      const failed = batch.request_counts?.failed ?? 0;
      const ended = ENDED.has(batch.status);
      const failure = batch.status === 'failed' ? (batch.errors?.data?.map((error) => `${error.message ?? error.code ?? 'error'}${error.line == null ? '' : ` (line ${error.line})`}`).join('; ') || 'the batch failed') : undefined;
      return {
        ended,
        providerStatus: batch.status,
        counts: {
          succeeded: completed,
          errored: failed,
          expired: batch.status === 'expired' ? Math.max(0, total - completed - failed) : 0,
          canceled: batch.status === 'cancelled' ? Math.max(0, total - completed - failed) : 0,
          processing: ended ? 0 : Math.max(0, total - completed - failed),
        },
        ...(failure === undefined ? {} : { failure: scrubSecrets(failure, secrets) }),
      };
    },
    async *results(entry: BatchEntry, signal): AsyncIterable<BatchResult> {
      const batch = await call(`checking batch ${entry.id}`, async () => (await client()).batches.retrieve(entry.id, options(signal)), signal);
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (fileId === undefined || fileId === null) continue;
        const response = await call(`downloading ${fileId} of batch ${entry.id}`, async () => (await client()).files.content(fileId, options(signal)), signal);
        if (response.body === null) continue;
        const lines = createInterface({ input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), crlfDelay: Infinity });
        for await (const text of lines) {
          if (text.trim() === '') continue;
          yield resultOf(JSON.parse(text) as OutputLine, entry, secrets);
        }
      }
    },
  };
}

/** One line of the batch input file. */
function inputLine(request: BatchRequest): string {
  return JSON.stringify({ custom_id: request.customId, method: 'POST', url: ENDPOINT, body: openaiChatParams(request.request, 'openai') });
}

interface OutputLine {
  custom_id: string;
  response: { status_code: number; request_id?: string; body: unknown } | null;
  error: { code?: string; message?: string } | null;
}

function resultOf(line: OutputLine, entry: BatchEntry, secrets: readonly string[]): BatchResult {
  const customId = line.custom_id;
  if (line.error !== null && line.error !== undefined) {
    const code = line.error.code === 'batch_expired' || line.error.code === 'batch_cancelled' ? 'E_BATCH' : codeForFailure({ ...(line.error.code === undefined ? {} : { type: line.error.code }) });
    const rerun = code === 'E_BATCH' ? '; rerun to submit it again' : '';
    return { customId, ok: false, code, message: `OpenAI batch ${entry.id}: ${scrubSecrets(line.error.message ?? line.error.code ?? 'failed', secrets)}${rerun}` };
  }
  const response = line.response;
  if (response === null || response === undefined) return { customId, ok: false, code: 'E_PROVIDER_RESPONSE', message: `OpenAI batch ${entry.id}: a result line with neither response nor error` };
  if (response.status_code !== 200) {
    const inner = (response.body as { error?: { message?: string; type?: string; code?: string } } | null)?.error;
    const said = inner?.message === undefined ? '' : `: ${scrubSecrets(inner.message, secrets)}`;
    return {
      customId,
      ok: false,
      code: codeForFailure({ status: response.status_code, ...(inner?.type === undefined ? {} : { type: inner.type }) }),
      message: `OpenAI batch ${entry.id}: the request failed with status ${response.status_code}${said}`,
    };
  }
  const completion = response.body as OpenAI.ChatCompletion;
  if (!Array.isArray(completion?.choices) || completion.choices.length === 0) {
    return { customId, ok: false, code: 'E_PROVIDER_RESPONSE', message: `OpenAI batch ${entry.id}: a completion with no choices` };
  }
  return { customId, ok: true, response: openaiResponse(completion, { model: completion.model }, 'openai', response.request_id) };
}
