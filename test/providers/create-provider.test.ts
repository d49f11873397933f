import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isTgradeError, type TgradeError } from '../../src/errors.js';
import { createProvider, type ProviderConfig } from '../../src/providers/create-provider.js';
import type { LlmRequest } from '../../src/providers/types.js';
import {
  anthropicError,
  anthropicRoute,
  anthropicToolUseResponse,
  delayed,
  networkError,
  openaiChatResponse,
  openaiError,
  openaiRoute,
  useWireServer,
  type RecordedRequest,
  type WireReply,
  type WireRoute,
} from './wire.js';

const server = useWireServer();

interface Wire {
  name: 'anthropic' | 'openai';
  envKey: string;
  key: string;
  model: string;
  route: (...replies: WireReply[]) => WireRoute;
  sentKey: (request: RecordedRequest) => string | null;
  ok: () => WireReply;
  rateLimited: (headers: Record<string, string>) => WireReply;
  overloaded: () => WireReply;
  overloadedCode: string;
  serverError: () => WireReply;
  badRequest: () => WireReply;
  badRequestSays: string;
  unauthorized: () => WireReply;
  notFound: () => WireReply;
}

const WIRES: Wire[] = [
  {
    name: 'anthropic',
    envKey: 'ANTHROPIC_API_KEY',
    key: ['sk', 'ant', 'api03-matrix-SECRET-4242'].join('-'),
    model: 'claude-sonnet-4-6',
    route: anthropicRoute,
    sentKey: (request) => request.headers.get('x-api-key'),
    ok: () => anthropicToolUseResponse({ label: 'yes' }),
    rateLimited: (headers) => anthropicError(429, 'rate_limit_error', 'This request would exceed your rate limit of 50 requests per minute.', headers),
    overloaded: () => anthropicError(529, 'overloaded_error', 'Overloaded'),
    overloadedCode: 'E_PROVIDER_OVERLOADED',
    serverError: () => anthropicError(500, 'api_error', 'Internal server error'),
    badRequest: () => anthropicError(400, 'invalid_request_error', 'messages.0.content: text content blocks must be non-empty'),
    badRequestSays: 'text content blocks must be non-empty',
    unauthorized: () => anthropicError(401, 'authentication_error', 'invalid x-api-key'),
    notFound: () => anthropicError(404, 'not_found_error', 'model: claude-sonnet-4-6'),
  },
  {
    name: 'openai',
    envKey: 'OPENAI_API_KEY',
    key: 'sk-proj-matrix-SECRET-4242',
    model: 'gpt-4.1-mini',
    route: openaiRoute,
    sentKey: (request) => request.headers.get('authorization')?.replace(/^Bearer /, '') ?? null,
    ok: () => openaiChatResponse('{"label":"yes"}'),
    rateLimited: (headers) =>
      openaiError(429, { message: 'Rate limit reached for gpt-4.1-mini on requests per min (RPM).', type: 'requests', code: 'rate_limit_exceeded' }, headers),
    overloaded: () => openaiError(503, { message: 'The engine is currently overloaded, please try again later', type: 'server_error' }),
    overloadedCode: 'E_PROVIDER_SERVER',
    serverError: () => openaiError(500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' }),
    badRequest: () =>
      openaiError(400, { message: "Invalid schema for response_format 'verdict': 'required' is required to be supplied and to be an array including every key in properties.", type: 'invalid_request_error', param: 'response_format' }),
    badRequestSays: "Invalid schema for response_format 'verdict'",
    unauthorized: () =>
      openaiError(401, { message: 'Incorrect API key provided: sk-proj-m*********4242. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' }),
    notFound: () => openaiError(404, { message: 'The model `gpt-4.1-mini` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' }),
  },
];

const request = (model: string): LlmRequest => ({
  model,
  system: 'rubric',
  messages: [{ role: 'user', content: 'transcript' }],
  maxTokens: 64,
  output: { name: 'verdict', schema: { type: 'object', properties: { label: { type: 'string' } }, required: ['label'], additionalProperties: false } },
});

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: TgradeError }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => {
      if (!isTgradeError(error)) throw error;
      return { error };
    },
  );
}

describe.each(WIRES)('createProvider($name) over the wire', (wire) => {
  const env = { [wire.envKey]: wire.key };
  /** Jitter fixed at half the ceiling: waits are 250, 500, 1000 ms, … */
  const make = (config: Partial<ProviderConfig> = {}) => createProvider({ name: wire.name, ...config }, env, { random: () => 0.5 });

  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('reads the key from the environment given and sends it', async () => {
    const calls = wire.route(wire.ok());
    server.use(calls.handler);

    const response = await make().complete(request(wire.model));

    expect(response.json).toEqual({ label: 'yes' });
    expect(calls.count).toBe(1);
    expect(wire.sentKey(calls.requests[0]!)).toBe(wire.key);
  });

  it('waits out retry-after: 2 before the second request', async () => {
    const calls = wire.route(wire.rateLimited({ 'retry-after': '2' }), wire.ok());
    server.use(calls.handler);

    const result = settle(make().complete(request(wire.model)));
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const { value } = await result;

    expect(calls.count).toBe(2);
    expect(value?.json).toEqual({ label: 'yes' });
  });

  it('prefers retry-after-ms over retry-after', async () => {
    const calls = wire.route(wire.rateLimited({ 'retry-after-ms': '1500', 'retry-after': '2' }), wire.ok());
    server.use(calls.handler);

    const result = settle(make().complete(request(wire.model)));
    await vi.advanceTimersByTimeAsync(1499);
    expect(calls.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await result;

    expect(calls.count).toBe(2);
  });

  it('retries an overloaded server and succeeds', async () => {
    const calls = wire.route(wire.overloaded(), wire.ok());
    server.use(calls.handler);

    const result = settle(make().complete(request(wire.model)));
    await vi.runAllTimersAsync();

    expect((await result).value?.json).toEqual({ label: 'yes' });
    expect(calls.count).toBe(2);
  });

  it('gives up on a server that stays overloaded after retries + 1 requests', async () => {
    const calls = wire.route(wire.overloaded());
    server.use(calls.handler);

    const result = settle(make({ retries: 3 }).complete(request(wire.model)));
    await vi.runAllTimersAsync();
    const { error } = await result;

    expect(calls.count).toBe(4);
    expect(error?.code).toBe(wire.overloadedCode);
    expect(error?.message).toMatch(/\(gave up after 4 attempts\)$/);
  });

  it('retries a 500 and succeeds', async () => {
    const calls = wire.route(wire.serverError(), wire.ok());
    server.use(calls.handler);

    const result = settle(make().complete(request(wire.model)));
    await vi.runAllTimersAsync();

    expect((await result).value?.json).toEqual({ label: 'yes' });
    expect(calls.count).toBe(2);
  });

  it('fails a 400 after one request with the provider message', async () => {
    const calls = wire.route(wire.badRequest(), wire.ok());
    server.use(calls.handler);

    const { error } = await settle(make().complete(request(wire.model)));

    expect(calls.count).toBe(1);
    expect(error?.code).toBe('E_PROVIDER_BAD_REQUEST');
    expect(error?.message).toContain(wire.badRequestSays);
  });

  it('fails a 401 after one request, saying the key was rejected without showing it', async () => {
    const calls = wire.route(wire.unauthorized(), wire.ok());
    server.use(calls.handler);

    const { error } = await settle(make().complete(request(wire.model)));

    expect(calls.count).toBe(1);
    expect(error?.code).toBe('E_PROVIDER_AUTH');
    expect(error?.message).toBe(`the API key for ${wire.name} was rejected (check ${wire.envKey})`);
    expect(error?.message).not.toContain(wire.key);
    expect(error?.message).not.toContain('4242');
  });

  it('fails a 404 after one request naming the unknown model', async () => {
    const calls = wire.route(wire.notFound(), wire.ok());
    server.use(calls.handler);

    const { error } = await settle(make().complete(request(wire.model)));

    expect(calls.count).toBe(1);
    expect(error?.code).toBe('E_PROVIDER_NOT_FOUND');
    expect(error?.message).toContain(`unknown model "${wire.model}"`);
  });

  it('times out a slow answer, retries, then fails with E_PROVIDER_TIMEOUT', async () => {
    const calls = wire.route(delayed(10_000, wire.ok()));
    server.use(calls.handler);

    const result = settle(make({ timeoutMs: 1000, retries: 2 }).complete(request(wire.model)));
    await vi.runAllTimersAsync();
    const { error } = await result;

    expect(calls.count).toBe(3);
    expect(error?.code).toBe('E_PROVIDER_TIMEOUT');
    expect(error?.message).toMatch(/did not answer within 1000 ms.*\(gave up after 3 attempts\)$/);
  });

  it('recovers when a timed-out request is followed by a fast answer', async () => {
    const calls = wire.route(delayed(10_000, wire.ok()), wire.ok());
    server.use(calls.handler);

    const result = settle(make({ timeoutMs: 1000 }).complete(request(wire.model)));
    await vi.runAllTimersAsync();

    expect((await result).value?.json).toEqual({ label: 'yes' });
    expect(calls.count).toBe(2);
  });

  it('retries a reset connection and succeeds', async () => {
    const calls = wire.route(networkError(), wire.ok());
    server.use(calls.handler);

    const result = settle(make().complete(request(wire.model)));
    await vi.runAllTimersAsync();

    expect((await result).value?.json).toEqual({ label: 'yes' });
    expect(calls.count).toBe(2);
  });

  it('fails with E_PROVIDER_NETWORK when the connection keeps failing', async () => {
    const calls = wire.route(networkError());
    server.use(calls.handler);

    const result = settle(make({ retries: 2 }).complete(request(wire.model)));
    await vi.runAllTimersAsync();
    const { error } = await result;

    expect(calls.count).toBe(3);
    expect(error?.code).toBe('E_PROVIDER_NETWORK');
    expect(error?.message).toMatch(/^could not reach/);
  });
});
