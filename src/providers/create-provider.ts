/**
 * The provider the engine uses: an SDK-backed provider wrapped as retry( schedule( one attempt ) ).
 * Retries go back through the scheduler, so every HTTP attempt respects the concurrency limit and
 * the requests-per-minute cap, and a request sleeping out its backoff holds no slot.
 *
 * Keys come from the config or the environment, never from files, and are never put in messages.
 * An openai-compatible server never receives OPENAI_API_KEY (that would hand the user's OpenAI key to
 * a third party): its key comes from `apiKey` or from the variable named by `apiKeyEnv`.
 */
import { TgradeError } from '../errors.js';
import { requestSignal, type Sleep } from './abortable-sleep.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { createOpenAIProvider } from './openai-provider.js';
import { createRequestScheduler } from './request-scheduler.js';
import { withRetry, type RetryInfo } from './retry.js';
import type { LlmProvider, LlmRequest, ProviderName } from './types.js';

export interface ProviderConfig {
  name: ProviderName;
  apiKey?: string;
  /** Name of an environment variable holding the key (e.g. "TOGETHER_API_KEY"). */
  apiKeyEnv?: string;
  baseURL?: string;
  /** Per attempt; default 120 s. */
  timeoutMs?: number;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  requestsPerMinute?: number;
  /** Retries after the first attempt; default 6. */
  retries?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** Hooks for the engine (progress, cancellation) and for tests (fetch, clock, randomness). */
export interface ProviderHooks {
  /** Cancels every queued and in-flight request of this provider. */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo & { provider: ProviderName; model: string }) => void;
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => number;
  sleep?: Sleep;
}

export type Env = Readonly<Record<string, string | undefined>>;

export type ProviderAvailability = { ok: true } | { ok: false; reason: string };

interface Resolved {
  apiKey: string | undefined;
  keySource: string;
  baseURL: string | undefined;
}

function resolve(config: ProviderConfig, env: Env): Resolved {
  const fromNamedEnv = config.apiKeyEnv === undefined ? undefined : env[config.apiKeyEnv];
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  switch (config.name) {
    case 'anthropic':
      return {
        apiKey: nonEmpty(config.apiKey) ?? nonEmpty(fromNamedEnv) ?? nonEmpty(env['ANTHROPIC_API_KEY']),
        keySource: keySource(config, 'ANTHROPIC_API_KEY'),
        baseURL: nonEmpty(config.baseURL) ?? nonEmpty(env['ANTHROPIC_BASE_URL']),
      };
    case 'openai':
      return {
        apiKey: nonEmpty(config.apiKey) ?? nonEmpty(fromNamedEnv) ?? nonEmpty(env['OPENAI_API_KEY']),
        keySource: keySource(config, 'OPENAI_API_KEY'),
        baseURL: nonEmpty(config.baseURL) ?? nonEmpty(env['OPENAI_BASE_URL']),
      };
    case 'openai-compatible':
      return {
        apiKey: nonEmpty(config.apiKey) ?? nonEmpty(fromNamedEnv),
        keySource: keySource(config, undefined),
        baseURL: nonEmpty(config.baseURL) ?? nonEmpty(env['OPENAI_BASE_URL']),
      };
  }
}

function keySource(config: ProviderConfig, defaultEnv: string | undefined): string {
  if (config.apiKey !== undefined) return `the apiKey of the ${config.name} provider in your config`;
  if (config.apiKeyEnv !== undefined) return config.apiKeyEnv;
  return defaultEnv ?? `the apiKey / apiKeyEnv of the ${config.name} provider in your config`;
}

/** Whether a provider can be built, with a one-line reason the engine can print when an LLM grader is skipped. */
export function providerAvailability(config: ProviderConfig, env: Env = process.env): ProviderAvailability {
  const { apiKey, baseURL } = resolve(config, env);
  if (config.name === 'openai-compatible') {
    return baseURL ? { ok: true } : { ok: false, reason: 'no baseURL for the openai-compatible provider (set baseURL in config or OPENAI_BASE_URL)' };
  }
  if (apiKey) return { ok: true };
  const variable = config.apiKeyEnv ?? (config.name === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
  return { ok: false, reason: `${variable} is not set` };
}

export function createProvider(config: ProviderConfig, env: Env = process.env, hooks: ProviderHooks = {}): LlmProvider {
  const availability = providerAvailability(config, env);
  if (!availability.ok) {
    throw new TgradeError('E_PROVIDER_UNAVAILABLE', availability.reason, { details: { provider: config.name, retryable: false } });
  }
  const { apiKey, keySource, baseURL } = resolve(config, env);
  const common = {
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(config.timeoutMs === undefined ? {} : { defaultTimeoutMs: config.timeoutMs }),
    ...(hooks.fetch === undefined ? {} : { fetch: hooks.fetch }),
    keySource,
  };
  const base =
    config.name === 'anthropic'
      ? createAnthropicProvider({ apiKey: apiKey ?? '', ...common })
      : createOpenAIProvider({ name: config.name, ...(apiKey === undefined ? {} : { apiKey }), ...common });

  const scheduler = createRequestScheduler({
    ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    ...(config.requestsPerMinute === undefined ? {} : { requestsPerMinute: config.requestsPerMinute }),
    ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    ...(hooks.now === undefined ? {} : { now: hooks.now }),
    ...(hooks.sleep === undefined ? {} : { sleep: hooks.sleep }),
  });

  return {
    name: config.name,
    complete(request: LlmRequest) {
      const signal = requestSignal(hooks.signal, request.signal);
      return withRetry(
        () => scheduler.schedule((attemptSignal) => base.complete(attemptSignal === undefined ? request : { ...request, signal: attemptSignal }), signal),
        {
          ...(config.retries === undefined ? {} : { retries: config.retries }),
          ...(config.minRetryDelayMs === undefined ? {} : { minTimeoutMs: config.minRetryDelayMs }),
          ...(config.maxRetryDelayMs === undefined ? {} : { maxTimeoutMs: config.maxRetryDelayMs }),
          ...(signal === undefined ? {} : { signal }),
          ...(hooks.random === undefined ? {} : { random: hooks.random }),
          ...(hooks.sleep === undefined ? {} : { sleep: hooks.sleep }),
          ...(hooks.onRetry === undefined
            ? {}
            : { onRetry: (info: RetryInfo) => hooks.onRetry?.({ ...info, provider: config.name, model: request.model }) }),
        },
      );
    },
  };
}
