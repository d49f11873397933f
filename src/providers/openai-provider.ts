/**
 * OpenAI Chat Completions (and servers that speak it: vLLM, llama.cpp, Ollama, LiteLLM, …) with
 * strict JSON-schema structured output. Chat Completions rather than the Responses API because it is
 * the dialect compatible servers implement, and it returns per-token logprobs.
 *
 * One attempt per call: `maxRetries: 0`, retries belong to retry.ts.
 */
import type OpenAI from 'openai';
import { TgradeError } from '../errors.js';
import { isRecord, readApiBody } from './api-body.js';
import { classifyProviderError } from './classify-error.js';
import { assertOutputName } from './output-name.js';
import { DEFAULT_TIMEOUT_MS } from './provider-defaults.js';
import { lazyOpenAIClient } from './sdk-clients.js';
import { createSdkFetch } from './sdk-fetch.js';
import type { LlmProvider, LlmRequest, LlmResponse, TokenLogprob, WireRequest } from './types.js';

type ChatParams = OpenAI.ChatCompletionCreateParamsNonStreaming;
type ChatCompletion = OpenAI.ChatCompletion;

export interface OpenAIProviderOptions {
  name: 'openai' | 'openai-compatible';
  /** Required for 'openai'; optional for a compatible server that does not check keys. */
  apiKey?: string;
  /** Required for 'openai-compatible', e.g. "http://localhost:8000/v1". */
  baseURL?: string;
  defaultTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Named in the 401 message; default "OPENAI_API_KEY" (or the config, for compatible servers). */
  keySource?: string;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The SDK refuses to construct a client without a key, but local servers (vLLM, llama.cpp, Ollama)
 * ignore the Authorization header. This stand-in is sent as `Bearer not-needed` to such servers only;
 * it is not a secret and is never used for api.openai.com.
 */
const NO_KEY_PLACEHOLDER = 'not-needed';

export function createOpenAIProvider(options: OpenAIProviderOptions): LlmProvider {
  const { name } = options;
  const baseURL = options.baseURL ?? (name === 'openai' ? OPENAI_DEFAULT_BASE_URL : undefined);
  if (baseURL === undefined) {
    throw new TgradeError('E_PROVIDER_UNAVAILABLE', 'an openai-compatible provider needs a baseURL (e.g. http://localhost:8000/v1)', {
      details: { provider: name, retryable: false },
    });
  }
  if (name === 'openai' && !options.apiKey) {
    throw new TgradeError('E_PROVIDER_UNAVAILABLE', 'OPENAI_API_KEY is not set', { details: { provider: name, retryable: false } });
  }
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = lazyOpenAIClient({
    apiKey: options.apiKey || NO_KEY_PLACEHOLDER,
    baseURL,
    // A third-party server must not receive the user's OpenAI organization/project ids from the env.
    ...(name === 'openai-compatible' ? { organization: null, project: null } : {}),
    maxRetries: 0,
    timeout: defaultTimeoutMs,
    // Live requests go through a lighter fetch than Node's own (sdk-fetch.ts); tests may pass theirs.
    fetch: options.fetch ?? createSdkFetch(),
  });
  const secrets = options.apiKey ? [options.apiKey] : [];

  return {
    name,
    async complete(request: LlmRequest): Promise<LlmResponse> {
      assertOutputName(request.output.name, name);
      const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
      let completion: ChatCompletion;
      let requestId: string | undefined;
      try {
        const response = await (await client()).chat.completions
          .create(openaiChatParams(request, name), { timeout: timeoutMs, ...(request.signal ? { signal: request.signal } : {}) })
          .asResponse();
        requestId = response.headers.get('x-request-id') ?? undefined;
        completion = await readApiBody(response, isChatCompletion, { provider: name, model: request.model, baseURL, api: 'Chat Completions', requestId });
      } catch (error) {
        throw classifyProviderError(error, {
          provider: name,
          model: request.model,
          baseURL,
          timeoutMs,
          secrets,
          ...(options.keySource === undefined ? {} : { keySource: options.keySource }),
        });
      }
      return openaiResponse(completion, { model: request.model, logprobs: request.logprobs ?? false }, name, requestId);
    },
  };
}

/** The Chat Completions body for a request: shared with the batch backend so a batch sends exactly what a live call would. */
export function openaiChatParams(request: WireRequest, name: OpenAIProviderOptions['name']): ChatParams {
  const { name: outputName, description, schema } = request.output;
  return {
    model: request.model,
    messages: [
      ...(request.system === '' ? [] : [{ role: 'system' as const, content: request.system }]),
      ...request.messages.map((message) => ({ role: message.role, content: message.content })),
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: outputName, ...(description === undefined ? {} : { description }), schema, strict: true },
    },
    // OpenAI's reasoning models reject the deprecated `max_tokens`; many compatible servers know only it.
    ...(name === 'openai' ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.logprobs ? { logprobs: true } : {}),
  };
}

/** The field openaiResponse reads first: a body without it is not a Chat Completions answer. */
function isChatCompletion(body: unknown): body is ChatCompletion {
  const choices = isRecord(body) ? body['choices'] : undefined;
  return Array.isArray(choices) && choices.every((choice) => isRecord(choice) && isRecord(choice['message']));
}

/** Reads a completion into our response; without `request.logprobs` known (a batch), logprobs are kept when present. */
export function openaiResponse(
  completion: ChatCompletion,
  request: { model: string; logprobs?: boolean | undefined },
  name: OpenAIProviderOptions['name'],
  requestId: string | undefined,
): LlmResponse {
  const choice = completion.choices[0];
  if (!choice) {
    throw new TgradeError('E_PROVIDER_RESPONSE', `${name} returned a completion with no choices for model "${request.model}"`, {
      details: { provider: name, model: request.model, retryable: false, ...(requestId ? { requestId } : {}) },
    });
  }
  const raw = choice.message.content ?? '';
  const usage = completion.usage;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const logprobs = request.logprobs === false ? undefined : toLogprobs(choice.logprobs?.content);

  return {
    raw,
    json: parseJson(raw),
    ...(choice.message.refusal ? { refusal: choice.message.refusal } : {}),
    ...(choice.finish_reason ? { stopReason: choice.finish_reason } : {}),
    ...(choice.finish_reason === 'length' ? { truncated: true } : {}),
    model: completion.model,
    ...(requestId === undefined ? {} : { requestId }),
    // OpenAI counts cached tokens inside prompt_tokens; split them out so inputTokens means
    // "uncached input" for both providers (Anthropic reports them apart already).
    usage: {
      inputTokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
      outputTokens: usage?.completion_tokens ?? 0,
      cacheReadTokens: cached,
      cacheWriteTokens: 0,
    },
    ...(logprobs === undefined ? {} : { logprobs }),
  };
}

function toLogprobs(content: OpenAI.ChatCompletionTokenLogprob[] | null | undefined): TokenLogprob[] | undefined {
  return content?.map(({ token, logprob }) => ({ token, logprob }));
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
