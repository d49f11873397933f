/**
 * The one retry layer (both SDKs run with `maxRetries: 0`). p-retry owns the loop, the attempt count
 * and abort handling; the wait between attempts is ours, because p-retry's built-in delay is one
 * fixed curve and cannot honour a server's `retry-after`:
 *
 * - exponential backoff with "full jitter" (Brooker, "Exponential Backoff And Jitter", AWS
 *   Architecture Blog, 2015): wait = random() × min(maxTimeout, minTimeout × 2^(attempt − 1));
 * - when the error carries `details.retryAfterMs` the wait is exactly that, capped at maxTimeout.
 *
 * p-retry's own delay is set to zero and ours runs in `onFailedAttempt`, which p-retry awaits (its
 * documented way to add a delay). The sleep uses the global setTimeout, so vitest fake timers drive it.
 */
import pRetry from 'p-retry';
import { TgradeError, isTgradeError } from '../errors.js';
import { abortableSleep, abortedError, type Sleep } from './abortable-sleep.js';
import { isRetryableError } from './classify-error.js';

export interface RetryInfo {
  error: unknown;
  /** The attempt that just failed, from 1. */
  attempt: number;
  retriesLeft: number;
  delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt (so at most retries + 1 requests). */
  retries?: number;
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The signal stops the waits between attempts (and any attempt not yet started) but not an
   * attempt in flight, whose outcome is still returned: for requests whose effect must not be lost
   * once sent, like creating a batch.
   */
  finishAttemptInFlight?: boolean;
  onRetry?: (info: RetryInfo) => void;
  /** Defaults to the `details.retryable` flag set by classifyProviderError. */
  isRetryable?: (error: unknown) => boolean;
  /** Uniform in [0, 1); injectable for seeded tests. */
  random?: () => number;
  sleep?: Sleep;
}

export const RETRY_DEFAULTS = { retries: 6, minTimeoutMs: 500, maxTimeoutMs: 60_000 } as const;

export function backoffDelayMs(
  attempt: number,
  options: { minTimeoutMs: number; maxTimeoutMs: number; retryAfterMs?: number; random: () => number },
): number {
  if (options.retryAfterMs !== undefined) return Math.min(options.retryAfterMs, options.maxTimeoutMs);
  const ceiling = Math.min(options.maxTimeoutMs, options.minTimeoutMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? RETRY_DEFAULTS.retries;
  const minTimeoutMs = options.minTimeoutMs ?? RETRY_DEFAULTS.minTimeoutMs;
  const maxTimeoutMs = options.maxTimeoutMs ?? RETRY_DEFAULTS.maxTimeoutMs;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const { signal } = options;
  let attempts = 0;

  try {
    return await pRetry(
      (attempt) => {
        attempts = attempt;
        if (signal?.aborted) throw abortedError(signal);
        return fn(attempt);
      },
      {
        retries,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        // p-retry rejects at once on abort, abandoning the attempt in flight.
        ...(signal === undefined || options.finishAttemptInFlight ? {} : { signal }),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0 || !isRetryable(error)) return;
          const retryAfterMs = retryAfterOf(error);
          const delayMs = backoffDelayMs(attemptNumber, {
            minTimeoutMs,
            maxTimeoutMs,
            random,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          });
          options.onRetry?.({ error, attempt: attemptNumber, retriesLeft, delayMs });
          await sleep(delayMs, signal);
        },
        shouldRetry: ({ error }) => isRetryable(error),
      },
    );
  } catch (error) {
    if (signal?.aborted && !isTgradeError(error, 'E_ABORTED')) throw abortedError(signal);
    throw attempts > 1 ? withAttempts(error, attempts) : error;
  }
}

function retryAfterOf(error: unknown): number | undefined {
  const value = isTgradeError(error) ? error.details['retryAfterMs'] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The final error says how hard we tried, so "overloaded" after 7 attempts reads differently from one. */
function withAttempts(error: unknown, attempts: number): unknown {
  if (!isTgradeError(error) || error.code === 'E_ABORTED') return error;
  return new TgradeError(error.code, `${error.message} (gave up after ${attempts} attempts)`, {
    cause: error,
    details: { ...error.details, attempts },
  });
}
