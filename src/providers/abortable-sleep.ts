import { TgradeError } from '../errors.js';

/** Waits `ms` milliseconds (via the global `setTimeout`, so fake timers drive it), or rejects with E_ABORTED. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function abortedError(signal?: AbortSignal): TgradeError {
  const reason: unknown = signal?.reason;
  return new TgradeError('E_ABORTED', 'the provider request was aborted before it finished', {
    cause: reason,
    details: { retryable: false },
  });
}

/** One signal that fires when any of the given signals fires; undefined when none is given. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = [...new Set(signals.filter((signal): signal is AbortSignal => signal !== undefined))];
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

/**
 * A signal of the request's own that fires when any of the given signals fires; undefined when none
 * is given. The retry loop, the scheduler's queue and the backoff sleeps each add an abort listener
 * to the signal they get: on a run-long signal shared by every request, more than ten requests at
 * once set off Node's MaxListenersExceededWarning. `AbortSignal.any` follows its sources without
 * adding listeners to them, so the listeners land on this per-request signal instead.
 */
export function requestSignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = [...new Set(signals.filter((signal): signal is AbortSignal => signal !== undefined))];
  return present.length === 0 ? undefined : AbortSignal.any(present);
}
