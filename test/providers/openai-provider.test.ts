import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOpenAIProvider } from '../../src/providers/openai-provider.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { fakeTokens, openaiChatResponse, openaiError, openaiRefusalResponse, openaiRoute, route, useWireServer } from './wire.js';
import { failure } from '../helpers/tgrade-failure.js';

const server = useWireServer();
afterEach(() => vi.unstubAllEnvs());
const API_KEY = 'sk-proj-test-KEY-0123456789abcdef';
const COMPATIBLE_URL = 'http://localhost:8000/v1';

const schema = {
  type: 'object',
  properties: { label: { type: 'string', enum: ['yes', 'no'] }, quote: { type: 'string' } },
  required: ['label', 'quote'],
  additionalProperties: false,
};

function request(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    model: 'gpt-4.1-mini',
    system: 'You grade scratchpads. Rubric: …',
    messages: [{ role: 'user', content: '<transcript>I will game the tests.</transcript>' }],
    maxTokens: 512,
    output: { name: 'verdict', description: 'Record the verdict.', schema },
    ...overrides,
  };
}

const provider = () => createOpenAIProvider({ name: 'openai', apiKey: API_KEY });

describe('createOpenAIProvider', () => {
  it('asks for strict json_schema output with the system message first and the key as a bearer token', async () => {
    const wire = openaiRoute(openaiChatResponse('{"label":"yes","quote":"game the tests"}'));
    server.use(wire.handler);

    await provider().complete(request({ temperature: 0 }));

    expect(wire.count).toBe(1);
    const sent = wire.requests[0]!;
    expect(sent.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You grade scratchpads. Rubric: …' },
        { role: 'user', content: '<transcript>I will game the tests.</transcript>' },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'verdict', description: 'Record the verdict.', schema, strict: true },
      },
      max_completion_tokens: 512,
      temperature: 0,
    });
  });

  it('parses the content as json, keeps it as raw, and reports cached tokens apart from input', async () => {
    const usage = { prompt_tokens: 2600, completion_tokens: 21, cached_tokens: 2048 };
    server.use(openaiRoute(openaiChatResponse('{"label":"no","quote":""}', { usage })).handler);

    const response = await provider().complete(request());

    expect(response.json).toEqual({ label: 'no', quote: '' });
    expect(response.raw).toBe('{"label":"no","quote":""}');
    expect(response.usage).toEqual({ inputTokens: 552, outputTokens: 21, cacheReadTokens: 2048, cacheWriteTokens: 0 });
    expect(response.stopReason).toBe('stop');
    expect(response.model).toBe('gpt-4.1-mini-2025-04-14');
    expect(response.requestId).toMatch(/^req-/);
    expect(response.logprobs).toBeUndefined();
  });

  it('keeps non-JSON content as raw and leaves json undefined', async () => {
    server.use(openaiRoute(openaiChatResponse('Sure! The label is "yes".')).handler);

    const response = await provider().complete(request());

    expect(response.json).toBeUndefined();
    expect(response.raw).toBe('Sure! The label is "yes".');
  });

  it('reports message.refusal as the refusal, with empty raw and no json', async () => {
    server.use(openaiRoute(openaiRefusalResponse("I'm sorry, I can't help with that.")).handler);

    const response = await provider().complete(request());

    expect(response.refusal).toBe("I'm sorry, I can't help with that.");
    expect(response.raw).toBe('');
    expect(response.json).toBeUndefined();
  });

  it('requests and returns per-token logprobs when asked', async () => {
    const content = '{"label":"yes","quote":"x"}';
    const wire = openaiRoute(openaiChatResponse(content, { logprobs: true }));
    server.use(wire.handler);

    const response = await provider().complete(request({ logprobs: true }));

    expect(wire.requests[0]!.body.logprobs).toBe(true);
    expect(response.logprobs?.map((entry) => entry.token)).toEqual(fakeTokens(content));
    expect(response.logprobs?.map((entry) => entry.token).join('')).toBe(content);
    expect(response.logprobs?.every((entry) => Number.isFinite(entry.logprob) && entry.logprob <= 0)).toBe(true);
    expect(Object.keys(response.logprobs![0]!)).toEqual(['token', 'logprob']);
  });

  it('fails with E_PROVIDER_RESPONSE when a server returns no choices', async () => {
    server.use(openaiRoute(() => Response.json({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [] })).handler);

    const error = await failure(provider().complete(request()));

    expect(error.code).toBe('E_PROVIDER_RESPONSE');
    expect(error.details['retryable']).toBe(false);
  });

  describe('openai-compatible', () => {
    it('sends a placeholder bearer token when no key is configured, and uses max_tokens', async () => {
      vi.stubEnv('OPENAI_ORG_ID', 'org-should-not-leak');
      const wire = route(`${COMPATIBLE_URL}/chat/completions`, openaiChatResponse('{"label":"yes","quote":""}'));
      server.use(wire.handler);

      const compatible = createOpenAIProvider({ name: 'openai-compatible', baseURL: COMPATIBLE_URL });
      const response = await compatible.complete(request({ model: 'qwen3-8b' }));

      expect(compatible.name).toBe('openai-compatible');
      expect(response.json).toEqual({ label: 'yes', quote: '' });
      expect(wire.requests[0]!.headers.get('authorization')).toBe('Bearer not-needed');
      expect(wire.requests[0]!.headers.get('openai-organization')).toBeNull();
      expect(wire.requests[0]!.body.max_tokens).toBe(512);
      expect(wire.requests[0]!.body).not.toHaveProperty('max_completion_tokens');
    });

    it('refuses to start without a baseURL', () => {
      expect(() => createOpenAIProvider({ name: 'openai-compatible' })).toThrow(/needs a baseURL/);
    });
  });

  const errorCases = [
    {
      status: 400,
      error: { message: "Invalid schema for response_format 'verdict': 'additionalProperties' is required to be supplied and to be false.", type: 'invalid_request_error', param: 'response_format' },
      code: 'E_PROVIDER_BAD_REQUEST',
      retryable: false,
      says: /rejected the request as invalid \(400\): Invalid schema for response_format 'verdict'.*\(parameter "response_format"\)/,
    },
    {
      status: 401,
      error: { message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' },
      code: 'E_PROVIDER_AUTH',
      retryable: false,
      says: /^the API key for openai was rejected \(check OPENAI_API_KEY\)$/,
    },
    {
      status: 404,
      error: { message: 'The model `gpt-4.1-mini` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
      code: 'E_PROVIDER_NOT_FOUND',
      retryable: false,
      says: /unknown model "gpt-4.1-mini" for OpenAI/,
    },
    {
      status: 429,
      error: { message: 'Rate limit reached for gpt-4.1-mini on requests per min (RPM): Limit 500, Used 500, Requested 1.', type: 'requests', code: 'rate_limit_exceeded' },
      code: 'E_PROVIDER_RATE_LIMIT',
      retryable: true,
      says: /rate limit hit \(429\)/,
    },
    {
      status: 429,
      error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' },
      code: 'E_PROVIDER_RATE_LIMIT',
      retryable: false,
      says: /quota is exhausted/,
    },
    {
      status: 503,
      error: { message: 'The server is overloaded or not ready yet.', type: 'server_error' },
      code: 'E_PROVIDER_SERVER',
      retryable: true,
      says: /server error \(503\)/,
    },
  ];

  it.each(errorCases)('classifies HTTP $status $error.type as $code after exactly one request', async ({ status, error: body, code, retryable, says }) => {
    const wire = openaiRoute(openaiError(status, body));
    server.use(wire.handler);

    const error = await failure(provider().complete(request()));

    expect(wire.count).toBe(1);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(says);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.details)).not.toContain(API_KEY);
    expect(error.details).toMatchObject({ provider: 'openai', status, retryable });
    expect(error.details['requestId']).toMatch(/^req-/);
  });
});
