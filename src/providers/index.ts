export type {
  JsonSchema,
  LlmMessage,
  LlmProvider,
  LlmRequest,
  LlmResponse,
  ProviderName,
  TokenLogprob,
  TokenUsage,
} from './types.js';
export {
  createProvider,
  providerAvailability,
  type Env,
  type ProviderAvailability,
  type ProviderConfig,
  type ProviderHooks,
} from './create-provider.js';
export { createAnthropicProvider, type AnthropicProviderOptions } from './anthropic-provider.js';
export { createOpenAIProvider, type OpenAIProviderOptions } from './openai-provider.js';
export { classifyProviderError, isRetryableError, parseRetryAfterMs, type ErrorContext } from './classify-error.js';
export { withRetry, backoffDelayMs, RETRY_DEFAULTS, type RetryInfo, type RetryOptions } from './retry.js';
export { createRequestScheduler, DEFAULT_CONCURRENCY, type RequestScheduler, type SchedulerOptions } from './request-scheduler.js';
export { DEFAULT_TIMEOUT_MS } from './provider-defaults.js';
export { DEFAULT_PRICES, estimateCost, priceFor, type ModelPrice, type PriceTable } from './price-table.js';
