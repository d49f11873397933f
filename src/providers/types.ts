/**
 * The one small interface every LLM provider implements. Providers know nothing of rubrics' meaning:
 * they turn a structured-output request into a parsed JSON value plus token usage, and classify
 * failures into TgradeError codes so the retry policy (one layer, see retry.ts) can decide.
 */

/** A JSON Schema object as sent to a provider for structured output. */
export type JsonSchema = Record<string, unknown>;

export type ProviderName = 'anthropic' | 'openai' | 'openai-compatible';

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  model: string;
  /** Stable prefix (rubric definitions, few-shots): identical across transcripts so it can be cached. */
  system: string;
  /** The transcript goes last, in the final user message. */
  messages: LlmMessage[];
  /** Ask the provider to cache the system prefix (Anthropic `cache_control`); ignored where unsupported. */
  cachePrefix?: boolean;
  temperature?: number;
  maxTokens: number;
  /** Structured output the model must return: a name and a JSON Schema of type object. */
  output: { name: string; description?: string; schema: JsonSchema };
  /** Request token log-probabilities where the provider supports them (OpenAI). */
  logprobs?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The same meaning for every provider: `inputTokens` is uncached input only. (Anthropic reports it so;
 * OpenAI's `prompt_tokens` includes `cached_tokens`, which the OpenAI provider subtracts.)
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
}

/** What shapes a request's body (a batch has no per-request signal or timeout). */
export type WireRequest = Omit<LlmRequest, 'signal' | 'timeoutMs'>;

export interface LlmResponse {
  /** The raw text (or tool-input JSON text) the model produced: kept so a bad answer can be inspected. */
  raw: string;
  /** `raw` parsed as JSON, or undefined when it is not JSON. Not yet validated against the schema. */
  json: unknown;
  /** Set when the model refused (OpenAI `refusal`, Anthropic `stop_reason: "refusal"`). */
  refusal?: string;
  stopReason?: string;
  /** The answer stopped at the token limit (Anthropic `stop_reason: "max_tokens"`, OpenAI `finish_reason: "length"`). */
  truncated?: boolean;
  model: string;
  requestId?: string;
  usage: TokenUsage;
  /** Per-token log-probabilities of the output, when requested and returned. */
  logprobs?: TokenLogprob[];
}

/**
 * An answer worth keeping when nothing more specific is known (a grader may judge more strictly,
 * see GraderLlmRequest.isUsable): JSON, not a refusal, not cut off at the token limit.
 */
export function isUsableAnswer(response: Pick<LlmResponse, 'json' | 'refusal' | 'truncated'>): boolean {
  return response.json !== undefined && response.refusal === undefined && response.truncated !== true;
}

export interface LlmProvider {
  readonly name: ProviderName;
  complete(request: LlmRequest): Promise<LlmResponse>;
}
