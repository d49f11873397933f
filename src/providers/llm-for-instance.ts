import { resolve } from 'node:path';
import type { GraderLlm, GraderLlmRequest, GraderLlmResponse } from './grader-llm.js';
import type { LlmSettings } from './llm-settings.js';
import { createProvider, providerAvailability, type Env, type ProviderHooks } from './create-provider.js';
import { DEFAULT_PRICES, estimateCost, type ModelPrice, type PriceTable } from './price-table.js';
import { isUsableAnswer, type LlmProvider, type LlmRequest } from './types.js';
import { cacheKey, ResponseCache } from './response-cache.js';

/** What the factory reads of the config: where the cache lives, and prices over the defaults. */
interface Config {
  cacheDir: string;
  prices: Record<string, { input: number; output: number; cacheRead?: number | undefined; cacheWrite?: number | undefined }>;
}

/** A grader instance as the factory sees it (grading/grader-instance.ts has the whole of it). */
interface GraderInstance {
  name: string;
  llm?: LlmSettings;
}

/** Builds the LLM an instance asks for, or says why there is none (e.g. no API key). */
export type LlmForInstance = (instance: GraderInstance) => { llm: GraderLlm; costOf?: (usage: GraderLlmResponse['usage']) => number | null } | { unavailable: string };

export interface LlmFactoryOptions {
  config: Config;
  /** Folder the config's relative paths (cacheDir) resolve against. */
  baseDir: string;
  env?: Env;
  /** Hooks for the providers: the run's abort signal, retry reporting, and test seams. */
  hooks?: ProviderHooks;
  /** Skip the response cache (it is on by default). */
  noCache?: boolean;
}

/**
 * Builds each LLM grader's model access: one provider per distinct endpoint (so the concurrency
 * limit is per provider, shared by the graders using it), the response cache in front of it, and
 * pricing from the config's table over the dated defaults.
 */
export function createLlmFactory(options: LlmFactoryOptions): LlmForInstance {
  const env = options.env ?? process.env;
  const providers = new Map<string, LlmProvider>();
  const cache = options.noCache ? undefined : new ResponseCache(resolve(options.baseDir, options.config.cacheDir));
  const prices = priceTable(options.config);

  return (instance: GraderInstance) => {
    const settings = instance.llm;
    if (settings === undefined) return { unavailable: `${instance.name} has no llm settings` };
    const providerConfig = providerConfigOf(settings);
    const availability = providerAvailability(providerConfig, env);
    if (!availability.ok) return { unavailable: availability.reason };
    const endpoint = JSON.stringify([settings.provider, settings.baseURL, settings.apiKeyEnv]);
    let provider = providers.get(endpoint);
    if (provider === undefined) {
      provider = createProvider(providerConfig, env, options.hooks);
      providers.set(endpoint, provider);
    }
    const llm = graderLlm(provider, settings, cache, options.hooks?.signal);
    return { llm, costOf: (usage) => estimateCost(settings.model, usage, {}, prices) };
  };
}

function providerConfigOf(settings: LlmSettings) {
  return {
    name: settings.provider,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    retries: settings.retries,
    ...(settings.baseURL === undefined ? {} : { baseURL: settings.baseURL }),
    ...(settings.apiKeyEnv === undefined ? {} : { apiKeyEnv: settings.apiKeyEnv }),
    ...(settings.requestsPerMinute === undefined ? {} : { requestsPerMinute: settings.requestsPerMinute }),
  };
}

export function priceTable(config: Pick<Config, 'prices'>): PriceTable {
  const table: Record<string, ModelPrice> = { ...DEFAULT_PRICES };
  for (const [model, price] of Object.entries(config.prices)) {
    table[model] = { input: price.input, output: price.output, cacheRead: price.cacheRead ?? price.input, cacheWrite: price.cacheWrite ?? price.input, batchFactor: 0.5 };
  }
  return table;
}

/**
 * The cache key of a grader's request under these settings. Batch mode and dry runs use it too, so
 * an answer collected from a batch lands where a live run looks for it.
 */
export function requestCacheKey(settings: LlmSettings, request: GraderLlmRequest): string {
  return cacheKey({
    provider: settings.provider,
    baseURL: settings.baseURL,
    model: settings.model,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    system: request.system,
    messages: request.messages,
    output: request.output,
    sampleIndex: request.sampleIndex ?? 0,
    logprobs: request.logprobs ?? false,
  });
}

/** The provider request a grader's request becomes (live, and in batch files). */
export function providerRequestOf(settings: LlmSettings, request: GraderLlmRequest, signal?: AbortSignal): LlmRequest {
  return {
    model: settings.model,
    system: request.system,
    messages: request.messages,
    output: request.output,
    maxTokens: settings.maxTokens,
    cachePrefix: true,
    timeoutMs: settings.timeoutMs,
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(request.logprobs ? { logprobs: true } : {}),
    ...(signal === undefined ? {} : { signal }),
  };
}

function graderLlm(provider: LlmProvider, settings: LlmSettings, cache: ResponseCache | undefined, signal: AbortSignal | undefined): GraderLlm {
  return {
    label: `${settings.provider}/${settings.model}`,
    temperature: settings.temperature,
    async complete(request: GraderLlmRequest): Promise<GraderLlmResponse> {
      if (cache === undefined) return { ...(await provider.complete(providerRequestOf(settings, request, signal))), cached: false };
      const key = requestCacheKey(settings, request);
      const isUsable = request.isUsable ?? isUsableAnswer;
      const hit = await cache.get(key);
      // A cached answer the grader cannot use (stored by an earlier version) is asked for again.
      if (hit !== undefined && isUsable(hit)) return { ...hit, cached: true };
      const response = await provider.complete(providerRequestOf(settings, request, signal));
      // A failed answer becomes an error record, and a rerun retries errors: caching it would replay
      // the same failure forever.
      if (isUsable(response)) await cache.set(key, response);
      return { ...response, cached: false };
    },
  };
}
