/**
 * The providers' fetch (sdk-fetch.ts, @whatwg-node/node-fetch) against Node's own, through the real
 * SDK and createProvider, on a real node:http server on 127.0.0.1: msw would sit in front of both and
 * hide what reaches the socket, and cannot stall or cut a body half-way. Nothing else is reachable.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createProvider, type ProviderConfig, type ProviderHooks } from '../../src/providers/create-provider.js';
import { createSdkFetch } from '../../src/providers/sdk-fetch.js';
import type { LlmRequest } from '../../src/providers/types.js';
import { listenForThisTest } from '../helpers/local-server.js';
import { anthropicMessageBody, openaiChatBody } from './wire.js';
import { failure } from '../helpers/tgrade-failure.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's end of the connection: the same port means the same socket. */
  port: number | undefined;
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

async function localServer(answer: Answer): Promise<{ baseURL: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), port: request.socket.remotePort });
      answer(request, response);
    });
  });
  return { baseURL: `${await listenForThisTest(server)}/v1`, received };
}

const VERDICT = { label: 'yes', quote: 'I will game the tests.' };
const ANSWER = JSON.stringify(openaiChatBody(JSON.stringify(VERDICT)));

/** Both SDKs, each with its answer and where its base URL points on the local server. */
const wires = [
  { name: 'openai' as const, answer: ANSWER, baseURL: (url: string) => url, model: 'gpt-4.1-mini' },
  {
    name: 'anthropic' as const,
    answer: JSON.stringify(anthropicMessageBody({ content: [{ type: 'tool_use', id: 'toolu_01FetchFetchFetchFetchFe', name: 'verdict', input: VERDICT }], stop_reason: 'tool_use' })),
    // The Anthropic SDK appends /v1/messages to its base URL.
    baseURL: (url: string) => url.replace(/\/v1$/, ''),
    model: 'claude-sonnet-4-6',
  },
];

const request: LlmRequest = {
  model: 'gpt-4.1-mini',
  system: 'You grade scratchpads.',
  messages: [{ role: 'user', content: '<transcript>I will game the tests. é ✓</transcript>' }],
  maxTokens: 512,
  output: {
    name: 'verdict',
    schema: { type: 'object', properties: { label: { type: 'string' }, quote: { type: 'string' } }, required: ['label', 'quote'], additionalProperties: false },
  },
};

const config = (baseURL: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({ name: 'openai', apiKey: 'sk-test-fetch-0123456789', baseURL, retries: 0, ...extra });
const wireConfig = (wire: (typeof wires)[number], baseURL: string, extra: Partial<ProviderConfig> = {}) => config(wire.baseURL(baseURL), { name: wire.name, ...extra });

/** What the SDK decides on the wire; the transport's own headers (accept-encoding, fetch's browser headers) aside. */
function sdkPart({ method, url, headers, body }: Received) {
  const sdkHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => name === 'authorization' || name === 'content-type' || name === 'content-length' || name === 'user-agent' || name === 'accept' || name.startsWith('x-stainless-')));
  return { method, url, body, headers: sdkHeaders };
}

describe('the providers’ fetch', () => {
  it('puts the same method, path, body and SDK headers on the wire as Node fetch', async () => {
    const server = await localServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
    await createProvider(config(server.baseURL), {}, { fetch: globalThis.fetch }).complete(request);
    await createProvider(config(server.baseURL)).complete(request);
    const [viaNodeFetch, viaSdkFetch] = server.received.map(sdkPart);
    expect(viaSdkFetch).toEqual(viaNodeFetch);
  });

  it('sends one request after another over the same connection (keep-alive)', async () => {
    const server = await localServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
    const provider = createProvider(config(server.baseURL));
    for (let index = 0; index < 3; index += 1) await provider.complete(request);
    expect(new Set(server.received.map((received) => received.port)).size).toBe(1);
  });

  it('keeps more than 256 idle connections alive, so a second wave of 300 requests opens none', async () => {
    const wave = 300;
    let connections = 0;
    let held: ServerResponse[] = [];
    const server = createServer((request, response) => {
      request.resume();
      // Answer only once the whole wave is in: every request of a wave holds a connection of its own.
      request.on('end', () => {
        held.push(response);
        if (held.length < wave) return;
        for (const waiting of held) waiting.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        held = [];
      });
    });
    server.on('connection', () => (connections += 1));
    const url = `${await listenForThisTest(server)}/v1/chat/completions`;
    const sdkFetch = createSdkFetch();
    const send = () => sdkFetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((response) => response.text());
    await Promise.all(Array.from({ length: wave }, send));
    await Promise.all(Array.from({ length: wave }, send));
    expect(connections).toBe(wave);
  });

  it('ends as a retryable E_PROVIDER_NETWORK naming the socket error when nothing listens', async () => {
    const server = await localServer(() => undefined);
    const closed = createServer();
    const closedURL = await new Promise<string>((resolve) =>
      closed.listen(0, '127.0.0.1', () => {
        const { port } = closed.address() as { port: number };
        closed.close(() => resolve(`http://127.0.0.1:${port}/v1`));
      }),
    );
    expect(server.baseURL).not.toBe(closedURL);
    const error = await failure(createProvider(config(closedURL)).complete(request));
    expect({ code: error.code, retryable: error.details['retryable'] }).toEqual({ code: 'E_PROVIDER_NETWORK', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('sends a body that is not a string (a multipart upload) through Node fetch, whole', async () => {
    const server = await localServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"file-abc"}'));
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob(['{"custom_id":"a"}\n'], { type: 'application/jsonl' }), 'tgrade-batch.jsonl');
    const response = await createSdkFetch()(`${server.baseURL}/files`, { method: 'POST', body: form });
    expect(await response.json()).toEqual({ id: 'file-abc' });
    const [received] = server.received;
    expect(received?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received?.body).toContain('{"custom_id":"a"}');
  });

  it('is seen by interceptors that patch node:http after it was created (msw)', async () => {
    const sdkFetch = createSdkFetch();
    const msw = setupServer(mswHttp.post('https://api.openai.com/v1/chat/completions', () => HttpResponse.json({ intercepted: true })));
    msw.listen({ onUnhandledRequest: 'error' });
    onTestFinished(() => msw.close());
    const response = await sdkFetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(await response.json()).toEqual({ intercepted: true });
  });
});

describe.each(wires)('the $name SDK on the providers’ fetch', (wire) => {
  it('decodes a gzip answer', async () => {
    const server = await localServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(wire.answer)));
    const response = await createProvider(wireConfig(wire, server.baseURL)).complete({ ...request, model: wire.model });
    expect(response.json).toEqual(VERDICT);
  });

  it('ends as E_ABORTED, not retried, when the run is aborted in the middle of the answer body', async () => {
    const server = await localServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(wire.answer)) });
      response.write(wire.answer.slice(0, 40));
    });
    const controller = new AbortController();
    const pending = createProvider(wireConfig(wire, server.baseURL, { retries: 3 }), {}, { signal: controller.signal }).complete({ ...request, model: wire.model });
    while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await failure(pending);
    expect({ code: error.code, retryable: error.details['retryable'], requests: server.received.length }).toEqual({ code: 'E_ABORTED', retryable: false, requests: 1 });
  });

  it('times out an answer that does not come within timeoutMs, retries, then ends as E_PROVIDER_TIMEOUT', async () => {
    const server = await localServer(() => undefined);
    const error = await failure(createProvider(wireConfig(wire, server.baseURL, { timeoutMs: 100, retries: 1 }), {}, { sleep: () => Promise.resolve(), random: () => 0 }).complete({ ...request, model: wire.model }));
    expect({ code: error.code, retryable: error.details['retryable'], requests: server.received.length }).toEqual({ code: 'E_PROVIDER_TIMEOUT', retryable: true, requests: 2 });
  });
});
