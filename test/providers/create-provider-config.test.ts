import { describe, expect, it } from 'vitest';
import { createProvider, providerAvailability, type ProviderConfig } from '../../src/providers/create-provider.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { anthropicRoute, anthropicToolUseResponse, openaiChatResponse, route, useWireServer } from './wire.js';

const server = useWireServer();

const request = (model: string): LlmRequest => ({
  model,
  system: 'rubric',
  messages: [{ role: 'user', content: 'transcript' }],
  maxTokens: 64,
  output: { name: 'verdict', schema: { type: 'object', properties: { label: { type: 'string' } }, required: ['label'], additionalProperties: false } },
});

describe('createProvider configuration', () => {
  it('uses ANTHROPIC_BASE_URL from the environment given', async () => {
    const calls = route('https://llm-proxy.internal/v1/messages', anthropicToolUseResponse({ label: 'yes' }));
    server.use(calls.handler);
    const env = { ANTHROPIC_API_KEY: 'k-env', ANTHROPIC_BASE_URL: 'https://llm-proxy.internal' };

    await createProvider({ name: 'anthropic' }, env).complete(request('claude-sonnet-4-6'));

    expect(calls.count).toBe(1);
  });

  it('prefers the key in the config to the environment', async () => {
    const calls = anthropicRoute(anthropicToolUseResponse({ label: 'yes' }));
    server.use(calls.handler);

    await createProvider({ name: 'anthropic', apiKey: 'k-config' }, { ANTHROPIC_API_KEY: 'k-env' }).complete(request('claude-sonnet-4-6'));

    expect(calls.requests[0]!.headers.get('x-api-key')).toBe('k-config');
  });

  it('never sends OPENAI_API_KEY to an openai-compatible server', async () => {
    const calls = route('http://localhost:8000/v1/chat/completions', openaiChatResponse('{"label":"yes"}'));
    server.use(calls.handler);
    const env = { OPENAI_API_KEY: 'sk-real-openai-key', OPENAI_BASE_URL: 'http://localhost:8000/v1' };

    await createProvider({ name: 'openai-compatible' }, env).complete(request('llama-3.1-8b'));

    expect(calls.requests[0]!.headers.get('authorization')).toBe('Bearer not-needed');
  });

  it('reads a compatible server key from the variable named by apiKeyEnv', async () => {
    const calls = route('http://localhost:8000/v1/chat/completions', openaiChatResponse('{"label":"yes"}'));
    server.use(calls.handler);
    const config = { name: 'openai-compatible', baseURL: 'http://localhost:8000/v1', apiKeyEnv: 'TOGETHER_API_KEY' } as const;

    await createProvider(config, { TOGETHER_API_KEY: 'tg-key' }).complete(request('llama-3.1-8b'));

    expect(calls.requests[0]!.headers.get('authorization')).toBe('Bearer tg-key');
  });

  it('throws E_PROVIDER_UNAVAILABLE with the reason when the key is missing', () => {
    expect(() => createProvider({ name: 'anthropic' }, {})).toThrow(expect.objectContaining({ code: 'E_PROVIDER_UNAVAILABLE', message: 'ANTHROPIC_API_KEY is not set' }));
  });
});

describe('providerAvailability', () => {
  const cases: { config: ProviderConfig; env: Record<string, string>; expected: ReturnType<typeof providerAvailability> }[] = [
    { config: { name: 'anthropic' }, env: { ANTHROPIC_API_KEY: 'k' }, expected: { ok: true } },
    { config: { name: 'anthropic' }, env: {}, expected: { ok: false, reason: 'ANTHROPIC_API_KEY is not set' } },
    { config: { name: 'anthropic' }, env: { ANTHROPIC_API_KEY: '  ' }, expected: { ok: false, reason: 'ANTHROPIC_API_KEY is not set' } },
    { config: { name: 'anthropic', apiKey: 'k' }, env: {}, expected: { ok: true } },
    { config: { name: 'openai' }, env: { ANTHROPIC_API_KEY: 'k' }, expected: { ok: false, reason: 'OPENAI_API_KEY is not set' } },
    { config: { name: 'openai', apiKeyEnv: 'MY_OPENAI_KEY' }, env: {}, expected: { ok: false, reason: 'MY_OPENAI_KEY is not set' } },
    { config: { name: 'openai-compatible', baseURL: 'http://localhost:8000/v1' }, env: {}, expected: { ok: true } },
    { config: { name: 'openai-compatible' }, env: { OPENAI_BASE_URL: 'http://localhost:11434/v1' }, expected: { ok: true } },
    {
      config: { name: 'openai-compatible' },
      env: { OPENAI_API_KEY: 'k' },
      expected: { ok: false, reason: 'no baseURL for the openai-compatible provider (set baseURL in config or OPENAI_BASE_URL)' },
    },
  ];

  it.each(cases)('$config.name with $env → $expected', ({ config, env, expected }) => {
    expect(providerAvailability(config, env)).toEqual(expected);
  });
});
