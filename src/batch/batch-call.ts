import { ANTHROPIC_DEFAULT_BASE_URL } from '../providers/anthropic-provider.js';
import { classifyProviderError } from '../providers/classify-error.js';
import { OPENAI_DEFAULT_BASE_URL } from '../providers/openai-provider.js';
import { withRetry, type RetryOptions } from '../providers/retry.js';
import type { BatchBackendHooks, BatchEndpoint } from './batch-backend.js';
import type { BatchProvider } from './batch-state.js';

/**
 * One batch API call (create, retrieve, upload, results) under the same single retry layer as live
 * requests: SDK errors are classified (and scrubbed of the key), retryable ones retried, and the
 * message says which step failed.
 */
export function batchCall(provider: BatchProvider, endpoint: BatchEndpoint, hooks: BatchBackendHooks) {
  const secrets = [endpoint.apiKey];
  // Named in messages (a 404 says which base URL to check), so the SDK's default when none is set.
  const baseURL = endpoint.baseURL ?? (provider === 'anthropic' ? ANTHROPIC_DEFAULT_BASE_URL : OPENAI_DEFAULT_BASE_URL);
  return <T>(what: string, fn: () => Promise<T>, signal?: AbortSignal, retryOptions: Pick<RetryOptions, 'finishAttemptInFlight'> = {}): Promise<T> =>
    withRetry(
      async () => {
        try {
          return await fn();
        } catch (error) {
          throw classifyProviderError(error, { provider, secrets, keySource: endpoint.keySource, baseURL });
        }
      },
      {
        ...retryOptions,
        ...(signal === undefined ? {} : { signal }),
        ...(hooks.sleep === undefined ? {} : { sleep: hooks.sleep }),
        ...(hooks.random === undefined ? {} : { random: hooks.random }),
        ...(hooks.onRetry === undefined ? {} : { onRetry: (info) => hooks.onRetry?.({ ...info, provider }) }),
      },
    ).catch((error: unknown) => {
      if (error instanceof Error) error.message = `${what}: ${error.message}`;
      throw error;
    });
}
