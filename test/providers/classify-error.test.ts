import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { TgradeError } from '../../src/errors.js';
import { classifyProviderError, isRetryableError, parseRetryAfterMs, scrub } from '../../src/providers/classify-error.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('parseRetryAfterMs', () => {
  const cases: { headers: Record<string, string>; expected: number | undefined }[] = [
    { headers: { 'retry-after-ms': '1250' }, expected: 1250 },
    { headers: { 'retry-after-ms': '1250', 'retry-after': '9' }, expected: 1250 },
    { headers: { 'retry-after': '2' }, expected: 2000 },
    { headers: { 'retry-after': '0.5' }, expected: 500 },
    { headers: { 'retry-after': 'Fri, 27 Nov 2026 12:00:30 GMT' }, expected: 30_000 },
    { headers: { 'retry-after': 'Fri, 27 Nov 2026 11:59:00 GMT' }, expected: 0 },
    { headers: { 'retry-after-ms': 'soon', 'retry-after': '3' }, expected: 3000 },
    { headers: { 'retry-after': 'whenever' }, expected: undefined },
    { headers: {}, expected: undefined },
  ];

  it.each(cases)('reads $headers as $expected ms', ({ headers, expected }) => {
    expect(parseRetryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });
});

describe('classifyProviderError', () => {
  it('classifies an SDK timeout as a retryable E_PROVIDER_TIMEOUT naming the limit', () => {
    const error = classifyProviderError(new Anthropic.APIConnectionTimeoutError(), { provider: 'anthropic', timeoutMs: 30_000 });

    expect(error.code).toBe('E_PROVIDER_TIMEOUT');
    expect(error.message).toBe('Anthropic did not answer within 30000 ms; raise timeoutMs if long transcripts need longer');
    expect(isRetryableError(error)).toBe(true);
  });

  it('classifies a connection failure as a retryable E_PROVIDER_NETWORK naming the URL and cause', () => {
    const cause = new TypeError('fetch failed');
    const error = classifyProviderError(new OpenAI.APIConnectionError({ cause }), {
      provider: 'openai-compatible',
      baseURL: 'http://localhost:8000/v1',
    });

    expect(error.code).toBe('E_PROVIDER_NETWORK');
    expect(error.message).toBe('could not reach the OpenAI-compatible server at http://localhost:8000/v1: Connection error. (fetch failed)');
    expect(isRetryableError(error)).toBe(true);
  });

  it('classifies a user abort as a final E_ABORTED', () => {
    const error = classifyProviderError(new OpenAI.APIUserAbortError(), { provider: 'openai' });

    expect(error.code).toBe('E_ABORTED');
    expect(isRetryableError(error)).toBe(false);
  });

  it('classifies a client-side SDK error (before any request) as a final bad request', () => {
    const error = classifyProviderError(new Anthropic.AnthropicError('Streaming is required for operations that may take longer than 10 minutes.'), {
      provider: 'anthropic',
    });

    expect(error.code).toBe('E_PROVIDER_BAD_REQUEST');
    expect(isRetryableError(error)).toBe(false);
  });

  it('treats overloaded_error as overloaded whatever the status', () => {
    const headers = new Headers({ 'request-id': 'req_1' });
    const sdkError = Anthropic.APIError.generate(503, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, headers);

    const error = classifyProviderError(sdkError, { provider: 'anthropic' });

    expect(error.code).toBe('E_PROVIDER_OVERLOADED');
    expect(error.details).toMatchObject({ status: 503, requestId: 'req_1', retryable: true });
  });

  it('obeys the server\'s x-should-retry hint over the status rule', () => {
    const body = { type: 'error', error: { type: 'api_error', message: 'Internal server error' } };
    const noRetry = Anthropic.APIError.generate(500, body, undefined, new Headers({ 'x-should-retry': 'false' }));
    const retry = OpenAI.APIError.generate(400, { error: { message: 'try again', type: 'invalid_request_error' } }, undefined, new Headers({ 'x-should-retry': 'true' }));

    expect(isRetryableError(classifyProviderError(noRetry, { provider: 'anthropic' }))).toBe(false);
    expect(isRetryableError(classifyProviderError(retry, { provider: 'openai' }))).toBe(true);
  });

  it('quotes a non-JSON error body (a proxy HTML page) briefly', () => {
    const sdkError = OpenAI.APIError.generate(502, undefined, '<html>Bad Gateway</html>', new Headers());

    const error = classifyProviderError(sdkError, { provider: 'openai-compatible' });

    expect(error.code).toBe('E_PROVIDER_SERVER');
    expect(error.message).toBe('the OpenAI-compatible server failed with a server error (502): <html>Bad Gateway</html>');
  });

  it('passes a TgradeError through unchanged', () => {
    const original = new TgradeError('E_ABORTED', 'stopped');
    expect(classifyProviderError(original, { provider: 'openai' })).toBe(original);
  });
});

describe('scrub', () => {
  it('removes the configured key and anything shaped like a key', () => {
    expect(scrub('key my-secret-value leaked', ['my-secret-value'])).toBe('key [redacted] leaked');
    expect(scrub('Incorrect API key provided: sk-proj-abc***************xyz9.')).toBe('Incorrect API key provided: [redacted]');
  });
});
