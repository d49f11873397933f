/**
 * Per-provider admission control: at most `concurrency` requests in flight (p-limit) and, optionally,
 * at most `requestsPerMinute` started in any sliding 60-second window. Each HTTP attempt is scheduled
 * on its own (retry.ts wraps the scheduler), so retries count against both limits and a request
 * waiting out its backoff holds no slot.
 *
 * Abort-aware: when the scheduler's signal or the task's own signal fires, a queued task rejects at
 * once with E_ABORTED and never starts; a running task sees the signal it was handed and the SDK
 * cancels its fetch.
 */
import pLimit from 'p-limit';
import { abortableSleep, abortedError, anySignal, type Sleep } from './abortable-sleep.js';

export interface SchedulerOptions {
  /** Default 8. */
  concurrency?: number;
  /** Unset: no cap. */
  requestsPerMinute?: number;
  /** Cancels everything this scheduler holds (e.g. the run was interrupted). */
  signal?: AbortSignal;
  /** Injectable clock and sleep for tests; default Date.now and setTimeout. */
  now?: () => number;
  sleep?: Sleep;
}

export interface RequestScheduler {
  schedule<T>(task: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly activeCount: number;
  readonly pendingCount: number;
}

export const DEFAULT_CONCURRENCY = 8;
const WINDOW_MS = 60_000;

export function createRequestScheduler(options: SchedulerOptions = {}): RequestScheduler {
  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const rpm = options.requestsPerMinute;
  if (rpm !== undefined && !(Number.isInteger(rpm) && rpm > 0)) {
    throw new RangeError(`requestsPerMinute must be a positive integer, got ${rpm}`);
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  /** Start times inside the current window, oldest first. */
  const starts: number[] = [];

  async function admit(signal: AbortSignal | undefined): Promise<void> {
    if (rpm === undefined) return;
    for (;;) {
      const current = now();
      while (starts.length > 0 && (starts[0] ?? 0) <= current - WINDOW_MS) starts.shift();
      if (starts.length < rpm) {
        starts.push(current);
        return;
      }
      // Re-check after waking: another waiter may have taken the freed place first.
      await sleep((starts[0] ?? current) + WINDOW_MS - current, signal);
    }
  }

  return {
    schedule<T>(task: (signal: AbortSignal | undefined) => Promise<T>, taskSignal?: AbortSignal): Promise<T> {
      const signal = anySignal(options.signal, taskSignal);
      if (signal?.aborted) return Promise.reject(abortedError(signal));

      const queued = limit(async () => {
        if (signal?.aborted) throw abortedError(signal);
        await admit(signal);
        // A signal of its own for each attempt: the OpenAI SDK adds an abort listener to the signal
        // it is handed and never removes it, so a run-long signal would gather one per request.
        return task(signal === undefined ? undefined : AbortSignal.any([signal]));
      });
      if (signal === undefined) return queued;

      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(abortedError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        queued.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      });
    },
    get activeCount() {
      return limit.activeCount;
    },
    get pendingCount() {
      return limit.pendingCount;
    },
  };
}
