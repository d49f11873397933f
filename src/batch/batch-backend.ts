import type { LlmSettings } from '../config/schema.js';
import type { ErrorCode } from '../errors.js';
import type { Sleep } from '../providers/abortable-sleep.js';
import type { Env } from '../providers/create-provider.js';
import type { RetryInfo } from '../providers/retry.js';
import type { LlmRequest, LlmResponse } from '../providers/types.js';
import type { BatchCounts, BatchEntry, BatchProvider } from './batch-state.js';

/** One request as it goes into a batch: its custom_id and the provider request (no signal). */
export interface BatchRequest {
  customId: string;
  request: Omit<LlmRequest, 'signal' | 'timeoutMs'>;
}

export interface BatchStatus {
  /** The provider will change nothing more: results (if any) can be collected. */
  ended: boolean;
  providerStatus: string;
  counts: BatchCounts;
  /** Why the whole batch failed (OpenAI `failed`: e.g. the input file was rejected). */
  failure?: string;
}

export type BatchResult =
  | { customId: string; ok: true; response: LlmResponse }
  | { customId: string; ok: false; code: ErrorCode; message: string };

/** A provider's batch API, as the job runner needs it. */
export interface BatchBackend {
  readonly provider: BatchProvider;
  readonly limits: BatchLimits;
  /** Bytes one request adds to a batch, as the provider counts toward its size limit. */
  requestBytes(request: BatchRequest): number;
  /**
   * Creates a batch. The signal stops waits between attempts but never the create request itself:
   * a batch the provider accepted while its reply was cut off would run (and be paid for) with no
   * id on record, so a Ctrl-C lets the request finish and the batch is saved.
   */
  submit(requests: readonly BatchRequest[], signal?: AbortSignal): Promise<{ id: string; inputFileId?: string; providerStatus: string }>;
  status(batch: BatchEntry, signal?: AbortSignal): Promise<BatchStatus>;
  /** Streams the batch's per-request outcomes (answers and failures), in any order. */
  results(batch: BatchEntry, signal?: AbortSignal): AsyncIterable<BatchResult>;
}

export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

/**
 * The providers' published limits per batch (Anthropic Message Batches: 100,000 requests or 256 MB;
 * OpenAI Batch API: 50,000 requests or a 200 MB input file). Sizes are kept 1% under the limit
 * for the envelope around the requests.
 */
export const PROVIDER_BATCH_LIMITS: Readonly<Record<BatchProvider, BatchLimits>> = {
  anthropic: { maxRequests: 100_000, maxBytes: Math.floor(256 * 1024 * 1024 * 0.99) },
  openai: { maxRequests: 50_000, maxBytes: Math.floor(200 * 1024 * 1024 * 0.99) },
};

/** Test seams and the run's abort signal, shared by both backends. */
export interface BatchBackendHooks {
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (info: RetryInfo & { provider: BatchProvider }) => void;
  /** Override the per-batch limits (tests; or smaller batches to hold less in memory). */
  limits?: Partial<BatchLimits>;
}

export interface BatchEndpoint {
  provider: BatchProvider;
  apiKey: string;
  keySource: string;
  baseURL: string | undefined;
}

/**
 * The key and server for a grader's settings, resolved as the live provider resolves them
 * (create-provider.ts): the variable named by `apiKeyEnv`, else the provider's usual one; the
 * configured baseURL, else ANTHROPIC_BASE_URL / OPENAI_BASE_URL.
 */
export function batchEndpoint(settings: Pick<LlmSettings, 'provider' | 'baseURL' | 'apiKeyEnv'>, env: Env): BatchEndpoint | { unavailable: string } {
  if (settings.provider === 'openai-compatible') {
    return { unavailable: 'batch mode needs the Anthropic or OpenAI batch API; an openai-compatible server has none (run this grader live)' };
  }
  const provider: BatchProvider = settings.provider;
  const defaultVariable = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const apiKey = nonEmpty(settings.apiKeyEnv === undefined ? undefined : env[settings.apiKeyEnv]) ?? nonEmpty(env[defaultVariable]);
  const keySource = settings.apiKeyEnv ?? defaultVariable;
  if (apiKey === undefined) return { unavailable: `${keySource} is not set` };
  const baseURL = nonEmpty(settings.baseURL) ?? nonEmpty(env[provider === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_BASE_URL']);
  return { provider, apiKey, keySource, baseURL };
}

/** Removes the key (and anything shaped like one) from a provider's message before it is stored or shown. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed.replace(/\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,})/g, '[redacted]');
}

/** A provider error type or HTTP status as our error code (what a live call would have raised). */
export function codeForFailure(failure: { type?: string; status?: number }): ErrorCode {
  switch (failure.type) {
    case 'invalid_request_error':
    case 'invalid_request':
      return 'E_PROVIDER_BAD_REQUEST';
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return 'E_PROVIDER_AUTH';
    case 'not_found_error':
      return 'E_PROVIDER_NOT_FOUND';
    case 'rate_limit_error':
      return 'E_PROVIDER_RATE_LIMIT';
    case 'overloaded_error':
      return 'E_PROVIDER_OVERLOADED';
    case 'timeout_error':
      return 'E_PROVIDER_TIMEOUT';
    case 'api_error':
      return 'E_PROVIDER_SERVER';
    default:
      break;
  }
  const status = failure.status;
  if (status === undefined) return 'E_PROVIDER_RESPONSE';
  if (status === 401 || status === 403) return 'E_PROVIDER_AUTH';
  if (status === 404) return 'E_PROVIDER_NOT_FOUND';
  if (status === 429) return 'E_PROVIDER_RATE_LIMIT';
  if (status === 408) return 'E_PROVIDER_TIMEOUT';
  if (status >= 500) return 'E_PROVIDER_SERVER';
  if (status >= 400) return 'E_PROVIDER_BAD_REQUEST';
  return 'E_PROVIDER_RESPONSE';
}
