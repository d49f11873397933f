/**
 * Anthropic Messages API, structured output by forced tool use: one tool named after
 * `request.output.name` whose `input_schema` is the output schema, and `tool_choice: {type:'tool'}`.
 * (This SDK also has `output_config.format` JSON-schema output; forced tool use is kept because it works
 * on every Claude model and on Messages-compatible proxies.)
 *
 * One attempt per call: `maxRetries: 0`, retries belong to retry.ts.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { isRecord, readApiBody } from './api-body.js';
import { classifyProviderError } from './classify-error.js';
import { assertOutputName } from './output-name.js';
import { DEFAULT_TIMEOUT_MS } from './provider-defaults.js';
import { lazyAnthropicClient } from './sdk-clients.js';
import { createSdkFetch } from './sdk-fetch.js';
import type { LlmProvider, LlmRequest, LlmResponse, WireRequest } from './types.js';

type MessageCreateParamsNonStreaming = Anthropic.MessageCreateParamsNonStreaming;
type Message = Anthropic.Message;
type ToolInputSchema = Anthropic.Tool.InputSchema;

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  defaultTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Named in the 401 message; default "ANTHROPIC_API_KEY". */
  keySource?: string;
}

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const baseURL = options.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = lazyAnthropicClient({
    apiKey: options.apiKey,
    // Explicit null/URL so the SDK reads nothing from process.env: createProvider already chose.
    authToken: null,
    baseURL,
    maxRetries: 0,
    timeout: defaultTimeoutMs,
    // Live requests go through a lighter fetch than Node's own (sdk-fetch.ts); tests may pass theirs.
    fetch: options.fetch ?? createSdkFetch(),
  });

  return {
    name: 'anthropic',
    async complete(request: LlmRequest): Promise<LlmResponse> {
      assertOutputName(request.output.name, 'anthropic');
      const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
      try {
        const response = await (await client()).messages
          .create(anthropicMessageParams(request), { timeout: timeoutMs, ...(request.signal ? { signal: request.signal } : {}) })
          .asResponse();
        const requestId = response.headers.get('request-id') ?? undefined;
        const message = await readApiBody(response, isMessage, { provider: 'anthropic', model: request.model, baseURL, api: 'Messages API', requestId });
        return anthropicResponse(message, request.output.name, requestId);
      } catch (error) {
        throw classifyProviderError(error, {
          provider: 'anthropic',
          model: request.model,
          baseURL,
          timeoutMs,
          secrets: [options.apiKey],
          ...(options.keySource === undefined ? {} : { keySource: options.keySource }),
        });
      }
    },
  };
}

/** The Messages API body for a request: shared with the batch backend so a batch sends exactly what a live call would. */
export function anthropicMessageParams(request: WireRequest): MessageCreateParamsNonStreaming {
  const { name, description, schema } = request.output;
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    // The API rejects an empty text block, so an empty system prompt is left out. The breakpoint on
    // the system block caches tools + system (the cache prefix order is tools → system → messages);
    // prefixes under the model's minimum (1024–4096 tokens) are silently not cached.
    ...(request.system === ''
      ? {}
      : {
          system: [
            {
              type: 'text' as const,
              text: request.system,
              ...(request.cachePrefix ? { cache_control: { type: 'ephemeral' as const } } : {}),
            },
          ],
        }),
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    tools: [{ name, ...(description === undefined ? {} : { description }), input_schema: schema as ToolInputSchema }],
    tool_choice: { type: 'tool', name, disable_parallel_tool_use: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

/** The fields anthropicResponse reads: a body without them is not a Messages API answer. */
function isMessage(body: unknown): body is Message {
  return isRecord(body) && Array.isArray(body['content']) && isRecord(body['usage']);
}

/** Reads a Message into our response; `outputName` picks the forced tool's call (any tool call when not known). */
export function anthropicResponse(message: Message, outputName: string | undefined, requestId: string | undefined): LlmResponse {
  const toolUse = message.content.find(
    (block): block is Extract<typeof block, { type: 'tool_use' }> =>
      block.type === 'tool_use' && (outputName === undefined || block.name === outputName),
  );
  const text = message.content
    .filter((block): block is Extract<typeof block, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const refused = message.stop_reason === 'refusal';
  const refusal = refused
    ? (message.stop_details?.explanation ?? (text.trim() || 'the model refused (stop_reason "refusal")'))
    : undefined;
  const usage = message.usage;

  return {
    raw: toolUse ? JSON.stringify(toolUse.input) : text,
    // A refusal can cut a tool call short, so its partial input is not offered as an answer.
    json: toolUse && !refused ? toolUse.input : undefined,
    ...(refusal === undefined ? {} : { refusal }),
    ...(message.stop_reason ? { stopReason: message.stop_reason } : {}),
    ...(message.stop_reason === 'max_tokens' ? { truncated: true } : {}),
    model: message.model,
    ...(requestId === undefined ? {} : { requestId }),
    usage: {
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      cacheReadTokens: usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    },
  };
}
