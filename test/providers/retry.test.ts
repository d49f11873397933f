import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TgradeError, isTgradeError } from '../../src/errors.js';
import { backoffDelayMs, withRetry, type RetryInfo } from '../../src/providers/retry.js';

const retryable = (details: Record<string, unknown> = {}) =>
  new TgradeError('E_PROVIDER_OVERLOADED', 'Anthropic is overloaded (529)', { details: { retryable: true, ...details } });
const final = () => new TgradeError('E_PROVIDER_BAD_REQUEST', 'bad request', { details: { retryable: false } });

/** A function failing with the given errors in turn, then succeeding; counts its calls. */
function flaky(...errors: Error[]) {
  const fn = vi.fn(async (_attempt: number) => {
    const error = errors[fn.mock.calls.length - 1];
    if (error) throw error;
    return 'ok';
  });
  return fn;
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe('backoffDelayMs', () => {
  it('draws full jitter below min × 2^(attempt−1), capped at the maximum', () => {
    const options = { minTimeoutMs: 500, maxTimeoutMs: 60_000 };
    expect(backoffDelayMs(1, { ...options, random: () => 0.999 })).toBe(499);
    expect(backoffDelayMs(3, { ...options, random: () => 0.5 })).toBe(1000);
    expect(backoffDelayMs(20, { ...options, random: () => 0.5 })).toBe(30_000);
    expect(backoffDelayMs(4, { ...options, random: () => 0 })).toBe(0);
  });

  it('waits exactly retry-after when the server gave one, capped at the maximum', () => {
    expect(backoffDelayMs(1, { minTimeoutMs: 500, maxTimeoutMs: 60_000, retryAfterMs: 2000, random: () => 0 })).toBe(2000);
    expect(backoffDelayMs(1, { minTimeoutMs: 500, maxTimeoutMs: 60_000, retryAfterMs: 600_000, random: () => 0 })).toBe(60_000);
  });
});

describe('withRetry', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('retries a retryable failure after the backoff, driven by fake timers', async () => {
    const fn = flaky(retryable());
    const result = settle(withRetry(fn, { random: () => 0.5 }));

    await vi.advanceTimersByTimeAsync(249);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(await result).toEqual({ value: 'ok' });
  });

  it('honours retryAfterMs exactly', async () => {
    const fn = flaky(retryable({ retryAfterMs: 2000 }));
    const result = settle(withRetry(fn, { random: () => 0.99 }));

    await vi.advanceTimersByTimeAsync(1999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(await result).toEqual({ value: 'ok' });
  });

  it('fails at once on a non-retryable error', async () => {
    const fn = flaky(final());
    const { error } = await settle(withRetry(fn));

    expect(fn).toHaveBeenCalledTimes(1);
    expect(isTgradeError(error, 'E_PROVIDER_BAD_REQUEST')).toBe(true);
  });

  it('treats errors it did not classify (bugs) as final', async () => {
    const fn = flaky(new RangeError('a bug'));
    const { error } = await settle(withRetry(fn));

    expect(fn).toHaveBeenCalledTimes(1);
    expect(error).toBeInstanceOf(RangeError);
  });

  it('gives up after retries + 1 attempts and says so in the message', async () => {
    const fn = vi.fn(async () => {
      throw retryable();
    });
    const result = settle(withRetry(fn, { retries: 3, random: () => 0.5 }));
    await vi.runAllTimersAsync();
    const { error } = await result;

    expect(fn).toHaveBeenCalledTimes(4);
    expect(isTgradeError(error, 'E_PROVIDER_OVERLOADED')).toBe(true);
    expect((error as TgradeError).message).toBe('Anthropic is overloaded (529) (gave up after 4 attempts)');
    expect((error as TgradeError).details).toMatchObject({ attempts: 4, retryable: true });
  });

  it('reports each retry with its attempt number and wait', async () => {
    const seen: RetryInfo[] = [];
    const result = settle(
      withRetry(flaky(retryable(), retryable({ retryAfterMs: 1500 })), { random: () => 0.5, onRetry: (info) => seen.push(info) }),
    );
    await vi.runAllTimersAsync();
    await result;

    expect(seen.map(({ attempt, delayMs, retriesLeft }) => ({ attempt, delayMs, retriesLeft }))).toEqual([
      { attempt: 1, delayMs: 250, retriesLeft: 6 },
      { attempt: 2, delayMs: 1500, retriesLeft: 5 },
    ]);
  });

  it('stops waiting and rejects with E_ABORTED when the signal fires during a backoff', async () => {
    const controller = new AbortController();
    const fn = flaky(retryable({ retryAfterMs: 30_000 }));
    const result = settle(withRetry(fn, { signal: controller.signal }));

    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const { error } = await result;

    expect(isTgradeError(error, 'E_ABORTED')).toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('with finishAttemptInFlight, a signal fired during an attempt still returns that attempt\'s result', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'created';
    });
    const result = settle(withRetry(fn, { signal: controller.signal, finishAttemptInFlight: true }));
    await vi.advanceTimersByTimeAsync(100);

    expect(await result).toEqual({ value: 'created' });
  });

  it('with finishAttemptInFlight, a signal fired during a backoff still stops before the next attempt', async () => {
    const controller = new AbortController();
    const fn = flaky(retryable({ retryAfterMs: 30_000 }));
    const result = settle(withRetry(fn, { signal: controller.signal, finishAttemptInFlight: true }));

    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const { error } = await result;

    expect(isTgradeError(error, 'E_ABORTED')).toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('without it, a signal fired during an attempt rejects at once with E_ABORTED', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'created';
    });
    const result = settle(withRetry(fn, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);

    expect(isTgradeError((await result).error, 'E_ABORTED')).toBe(true);
  });

  it('does not start when the signal has already fired', async () => {
    const fn = flaky();
    const { error } = await settle(withRetry(fn, { signal: AbortSignal.abort() }));

    expect(isTgradeError(error, 'E_ABORTED')).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });
});
