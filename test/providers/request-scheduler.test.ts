import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEventListeners } from 'node:events';
import { isTgradeError } from '../../src/errors.js';
import { createProvider } from '../../src/providers/create-provider.js';
import { createRequestScheduler } from '../../src/providers/request-scheduler.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { anthropicRoute, anthropicToolUseResponse, delayed, openaiChatResponse, openaiRoute, useWireServer } from './wire.js';
import { virtualClock } from './virtual-clock.js';

const server = useWireServer();
const env = { ANTHROPIC_API_KEY: 'sk-ant-test-scheduler' };

const request = (overrides: Partial<LlmRequest> = {}): LlmRequest => ({
  model: 'claude-sonnet-4-6',
  system: 'rubric',
  messages: [{ role: 'user', content: 'transcript' }],
  maxTokens: 64,
  output: { name: 'verdict', schema: { type: 'object', properties: { label: { type: 'string' } } } },
  ...overrides,
});

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe('createRequestScheduler', () => {
  it('runs at most `concurrency` tasks at once', async () => {
    const scheduler = createRequestScheduler({ concurrency: 2 });
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    };

    await Promise.all(Array.from({ length: 7 }, () => scheduler.schedule(task)));

    expect(most).toBe(2);
  });

  it('starts no more than requestsPerMinute tasks in any 60-second window (injected clock)', async () => {
    const clock = virtualClock();
    const scheduler = createRequestScheduler({ concurrency: 10, requestsPerMinute: 2, now: clock.now, sleep: clock.sleep });
    const startedAt: number[] = [];

    await clock.run(Promise.all(Array.from({ length: 5 }, () => scheduler.schedule(async () => startedAt.push(clock.now())))));

    expect(startedAt).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });

  it('rejects a queued task with E_ABORTED when its signal fires, and never starts it', async () => {
    const scheduler = createRequestScheduler({ concurrency: 1 });
    let release = () => {};
    const blocker = scheduler.schedule(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const queuedTask = vi.fn(async () => 'ran');

    const queued = settle(scheduler.schedule(queuedTask, controller.signal));
    controller.abort();
    const { error } = await queued;
    release();
    await blocker;

    expect(isTgradeError(error, 'E_ABORTED')).toBe(true);
    expect(queuedTask).not.toHaveBeenCalled();
  });

  it('refuses a requestsPerMinute that is not a positive integer', () => {
    expect(() => createRequestScheduler({ requestsPerMinute: 0 })).toThrow(/requestsPerMinute must be a positive integer/);
  });
});

describe('createProvider scheduling (over the wire)', () => {
  // The SDK is imported on a provider's first request; load it before the clock is faked, or the
  // import's file reads would still be pending when runAllTimersAsync finds no timer to run.
  beforeAll(async () => {
    await import('@anthropic-ai/sdk');
  });
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('never has more than `concurrency` requests in flight at the server', async () => {
    const wire = anthropicRoute(delayed(100, anthropicToolUseResponse({ label: 'yes' })));
    server.use(wire.handler);
    const provider = createProvider({ name: 'anthropic', concurrency: 3 }, env);

    const all = Promise.all(Array.from({ length: 10 }, () => provider.complete(request())));
    await vi.runAllTimersAsync();
    await all;

    expect(wire.count).toBe(10);
    expect(wire.maxInFlight).toBe(3);
  });

  it('spreads requests over minutes when requestsPerMinute is set (injected clock)', async () => {
    const clock = virtualClock();
    const reply = anthropicToolUseResponse({ label: 'yes' });
    const arrivals: number[] = [];
    const wire = anthropicRoute((incoming) => {
      arrivals.push(clock.now());
      return reply(incoming);
    });
    server.use(wire.handler);
    const provider = createProvider({ name: 'anthropic', requestsPerMinute: 3 }, env, { now: clock.now, sleep: clock.sleep });

    await clock.run(Promise.all(Array.from({ length: 7 }, () => provider.complete(request()))));

    expect(wire.count).toBe(7);
    expect(arrivals).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it('aborts the in-flight request and rejects the queued ones when the provider signal fires', async () => {
    const wire = anthropicRoute(delayed(10_000, anthropicToolUseResponse({ label: 'yes' })));
    server.use(wire.handler);
    const controller = new AbortController();
    const provider = createProvider({ name: 'anthropic', concurrency: 1 }, env, { signal: controller.signal });

    const results = Promise.all(Array.from({ length: 3 }, () => settle(provider.complete(request()))));
    await vi.advanceTimersByTimeAsync(50);
    expect(wire.count).toBe(1);
    controller.abort();
    const outcomes = await results;
    await vi.runAllTimersAsync();

    expect(outcomes.every(({ error }) => isTgradeError(error, 'E_ABORTED'))).toBe(true);
    expect(wire.count).toBe(1);
  });

  it('aborts only the request whose own signal fires', async () => {
    const wire = anthropicRoute(delayed(1000, anthropicToolUseResponse({ label: 'yes' })));
    server.use(wire.handler);
    const provider = createProvider({ name: 'anthropic', concurrency: 1 }, env);
    const controller = new AbortController();

    const first = settle(provider.complete(request()));
    const second = settle(provider.complete(request({ signal: controller.signal })));
    const third = settle(provider.complete(request()));
    controller.abort();
    await vi.runAllTimersAsync();

    expect((await first).value?.json).toEqual({ label: 'yes' });
    expect(isTgradeError((await second).error, 'E_ABORTED')).toBe(true);
    expect((await third).value?.json).toEqual({ label: 'yes' });
    expect(wire.count).toBe(2);
  });
});

describe('createProvider signals', () => {
  // The OpenAI SDK adds an abort listener to the signal it is handed and never removes it.
  it('hands the SDK a signal of its own per request, so a run-long signal gathers no listeners', async () => {
    const wire = openaiRoute(openaiChatResponse(JSON.stringify({ label: 'yes' })));
    server.use(wire.handler);
    const run = new AbortController();
    const provider = createProvider({ name: 'openai', concurrency: 4 }, { OPENAI_API_KEY: ['sk', 'test', 'scheduler'].join('-') }, { signal: run.signal });
    const openaiRequest = (overrides: Partial<LlmRequest> = {}) => ({ ...request(overrides), model: 'gpt-test' });

    // With the run signal again as the request's own (as the engine sends it), and without one.
    await Promise.all(Array.from({ length: 10 }, () => provider.complete(openaiRequest({ signal: run.signal }))));
    await Promise.all(Array.from({ length: 10 }, () => provider.complete(openaiRequest())));

    expect(wire.count).toBe(20);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });
});
