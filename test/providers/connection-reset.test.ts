/**
 * A connection reset in the middle of an answer: the server sends the status line, the headers and
 * part of the JSON body, then the socket is destroyed. msw cannot cut a body half-way, so a real
 * node:http server on 127.0.0.1 does it (this file has no msw server: nothing else is reachable).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenForThisTest } from '../helpers/local-server.js';
import { createProvider, type ProviderConfig } from '../../src/providers/create-provider.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { anthropicMessageBody, openaiChatBody } from './wire.js';

const VERDICT = { label: 'yes', quote: 'I will game the tests.' };

/** Answers the first `resets` requests with half a body and a destroyed socket, then answers whole. */
async function resettingServer(body: unknown, resets: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const text = JSON.stringify(body);
  const server = createServer((incoming, outgoing: ServerResponse) => {
    incoming.resume();
    incoming.on('end', () => {
      requests += 1;
      outgoing.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      if (requests > resets) {
        outgoing.end(text);
        return;
      }
      outgoing.write(text.slice(0, Math.floor(text.length / 2)), () => outgoing.socket?.destroy());
    });
  });
  return { url: await listenForThisTest(server), requests: () => requests };
}

const request: LlmRequest = {
  model: 'claude-sonnet-4-6',
  system: 'You grade scratchpads.',
  messages: [{ role: 'user', content: '<transcript>I will game the tests.</transcript>' }],
  maxTokens: 512,
  output: {
    name: 'verdict',
    schema: { type: 'object', properties: { label: { type: 'string' }, quote: { type: 'string' } }, required: ['label', 'quote'], additionalProperties: false },
  },
};

const wires = [
  {
    name: 'anthropic' as const,
    body: anthropicMessageBody({ content: [{ type: 'tool_use', id: 'toolu_01ResetResetResetResetRe', name: 'verdict', input: VERDICT }], stop_reason: 'tool_use' }),
    baseURL: (url: string) => url,
    model: 'claude-sonnet-4-6',
  },
  { name: 'openai' as const, body: openaiChatBody(JSON.stringify(VERDICT)), baseURL: (url: string) => `${url}/v1`, model: 'gpt-4.1-mini' },
];

const config = (name: 'anthropic' | 'openai', baseURL: string, retries: number): ProviderConfig => ({ name, apiKey: 'sk-test-reset-0123456789', baseURL, retries });
const instantSleep = { sleep: () => Promise.resolve(), random: () => 0 };

describe.each(wires)('a connection reset mid-response from $name', (wire) => {
  it('is retried, and the next whole answer is returned', async () => {
    const server = await resettingServer(wire.body, 1);
    const provider = createProvider(config(wire.name, wire.baseURL(server.url), 2), {}, instantSleep);

    const response = await provider.complete({ ...request, model: wire.model });

    expect(server.requests()).toBe(2);
    expect(response.json).toEqual(VERDICT);
  });

  it('ends as E_PROVIDER_NETWORK, saying the connection closed mid-answer, when every attempt is reset', async () => {
    const server = await resettingServer(wire.body, 99);
    const provider = createProvider(config(wire.name, wire.baseURL(server.url), 1), {}, instantSleep);

    const error = await provider.complete({ ...request, model: wire.model }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(server.requests()).toBe(2);
    expect(error).toMatchObject({ code: 'E_PROVIDER_NETWORK', details: { retryable: true, attempts: 2 } });
    expect((error as Error).message).toMatch(/connection .*closed .*answer/);
  });
});

describe('a refused connection', () => {
  it('names the socket error, not only "fetch failed"', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const provider = createProvider(config('anthropic', `http://127.0.0.1:${port}`, 0), {}, instantSleep);

    const error = await provider.complete(request).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toMatchObject({ code: 'E_PROVIDER_NETWORK' });
    expect((error as Error).message).toBe(`could not reach Anthropic at http://127.0.0.1:${port}: Connection error. (connect ECONNREFUSED 127.0.0.1:${port})`);
  });
});
