import { describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic-provider.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { failure } from '../helpers/tgrade-failure.js';
import {
  anthropicError,
  anthropicRefusalResponse,
  anthropicRoute,
  anthropicTextResponse,
  anthropicToolUseResponse,
  useWireServer,
  type AnthropicErrorType,
} from './wire.js';

const server = useWireServer();
// Built at run time so no secret scanner mistakes the fake for a real key.
const API_KEY = ['sk', 'ant', 'api03-test-KEY-0123456789abcdef'].join('-');

const schema = {
  type: 'object',
  properties: { label: { type: 'string', enum: ['yes', 'no'] }, quote: { type: 'string' } },
  required: ['label', 'quote'],
  additionalProperties: false,
};

function request(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    model: 'claude-sonnet-4-6',
    system: 'You grade scratchpads. Rubric: …',
    messages: [{ role: 'user', content: '<transcript>I will game the tests.</transcript>' }],
    maxTokens: 512,
    output: { name: 'verdict', description: 'Record the verdict.', schema },
    ...overrides,
  };
}

const provider = () => createAnthropicProvider({ apiKey: API_KEY });

describe('createAnthropicProvider', () => {
  it('forces the output tool, caches the system block and sends the key as x-api-key', async () => {
    const wire = anthropicRoute(anthropicToolUseResponse({ label: 'yes', quote: 'game the tests' }));
    server.use(wire.handler);

    await provider().complete(request({ cachePrefix: true, temperature: 0 }));

    expect(wire.count).toBe(1);
    const sent = wire.requests[0]!;
    expect(sent.headers.get('x-api-key')).toBe(API_KEY);
    expect(sent.headers.get('anthropic-version')).toBeTruthy();
    expect(sent.body).toMatchObject({
      model: 'claude-sonnet-4-6',
      max_tokens: 512,
      temperature: 0,
      system: [{ type: 'text', text: 'You grade scratchpads. Rubric: …', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: '<transcript>I will game the tests.</transcript>' }],
      tools: [{ name: 'verdict', description: 'Record the verdict.', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'verdict', disable_parallel_tool_use: true },
    });
  });

  it('returns the tool input as json, its JSON text as raw, and maps usage', async () => {
    const usage = { input_tokens: 120, output_tokens: 33, cache_read_input_tokens: 2048, cache_creation_input_tokens: 0 };
    server.use(anthropicRoute(anthropicToolUseResponse({ label: 'yes', quote: 'game the tests' }, usage)).handler);

    const response = await provider().complete(request());

    expect(response.json).toEqual({ label: 'yes', quote: 'game the tests' });
    expect(response.raw).toBe('{"label":"yes","quote":"game the tests"}');
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 33, cacheReadTokens: 2048, cacheWriteTokens: 0 });
    expect(response.stopReason).toBe('tool_use');
    expect(response.model).toBe('claude-sonnet-4-6');
    expect(response.requestId).toMatch(/^req_/);
    expect(response.refusal).toBeUndefined();
  });

  it('sends no cache_control without cachePrefix and no system block for an empty system prompt', async () => {
    const wire = anthropicRoute(anthropicToolUseResponse({ label: 'no', quote: '' }));
    server.use(wire.handler);

    await provider().complete(request());
    await provider().complete(request({ system: '' }));

    expect(wire.requests[0]!.body.system).toEqual([{ type: 'text', text: 'You grade scratchpads. Rubric: …' }]);
    expect(wire.requests[1]!.body).not.toHaveProperty('system');
  });

  it('keeps the text and leaves json undefined when the model answers in text instead of the tool', async () => {
    server.use(anthropicRoute(anthropicTextResponse('I think the answer is yes.')).handler);

    const response = await provider().complete(request());

    expect(response.json).toBeUndefined();
    expect(response.raw).toBe('I think the answer is yes.');
    expect(response.stopReason).toBe('end_turn');
  });

  it('reports a refusal from stop_reason "refusal" with the explanation from stop_details', async () => {
    server.use(anthropicRoute(anthropicRefusalResponse('The request may enable harm.')).handler);

    const response = await provider().complete(request());

    expect(response.refusal).toBe('The request may enable harm.');
    expect(response.stopReason).toBe('refusal');
    expect(response.json).toBeUndefined();
  });

  it('still reports a refusal when stop_details has no explanation', async () => {
    server.use(anthropicRoute(anthropicRefusalResponse(null)).handler);

    const response = await provider().complete(request());

    expect(response.refusal).toBe('the model refused (stop_reason "refusal")');
  });

  it('rejects an output name the API would refuse, without sending a request', async () => {
    const wire = anthropicRoute(anthropicToolUseResponse({}));
    server.use(wire.handler);

    const error = await failure(provider().complete(request({ output: { name: 'my verdict!', schema } })));

    expect(error.code).toBe('E_PROVIDER_BAD_REQUEST');
    expect(error.message).toContain('"my verdict!"');
    expect(wire.count).toBe(0);
  });

  const errorCases: { status: number; type: AnthropicErrorType; message: string; code: string; retryable: boolean; says: RegExp }[] = [
    { status: 400, type: 'invalid_request_error', message: 'max_tokens: must be at least 1', code: 'E_PROVIDER_BAD_REQUEST', retryable: false, says: /rejected the request as invalid \(400\): max_tokens: must be at least 1/ },
    { status: 401, type: 'authentication_error', message: 'invalid x-api-key', code: 'E_PROVIDER_AUTH', retryable: false, says: /^the API key for anthropic was rejected \(check ANTHROPIC_API_KEY\)$/ },
    { status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.', code: 'E_PROVIDER_AUTH', retryable: false, says: /refused access \(403\)/ },
    { status: 404, type: 'not_found_error', message: 'model: claude-sonnet-4-6', code: 'E_PROVIDER_NOT_FOUND', retryable: false, says: /unknown model "claude-sonnet-4-6"/ },
    { status: 413, type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.', code: 'E_PROVIDER_BAD_REQUEST', retryable: false, says: /\(413\)/ },
    { status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', code: 'E_PROVIDER_RATE_LIMIT', retryable: true, says: /rate limit hit \(429\)/ },
    { status: 500, type: 'api_error', message: 'Internal server error', code: 'E_PROVIDER_SERVER', retryable: true, says: /server error \(500\)/ },
    { status: 529, type: 'overloaded_error', message: 'Overloaded', code: 'E_PROVIDER_OVERLOADED', retryable: true, says: /overloaded \(529\): Overloaded/ },
  ];

  it.each(errorCases)('classifies HTTP $status $type as $code after exactly one request', async ({ status, type, message, code, retryable, says }) => {
    const wire = anthropicRoute(anthropicError(status, type, message));
    server.use(wire.handler);

    const error = await failure(provider().complete(request()));

    expect(wire.count).toBe(1);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(says);
    expect(error.message).not.toContain(API_KEY);
    expect(error.details).toMatchObject({ provider: 'anthropic', status, retryable, providerErrorType: type });
    expect(error.details['requestId']).toMatch(/^req_/);
  });
});
