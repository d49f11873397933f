/**
 * The fetch the live-grading SDK clients send through: `@whatwg-node/node-fetch`, a maintained WHATWG
 * fetch over node:http (The Guild's, under GraphQL Yoga and Mesh), instead of Node's built-in fetch
 * (its bundled undici), which wraps every request and answer body in web streams. Through the OpenAI
 * SDK against the local mock that is ~0.8 ms of client CPU a request instead of ~1.15 (paired runs,
 * C = 64 and 256; the SDK itself costs ~0.35, a bare node:http loop ~0.35: bench/llm-client-floor.mjs).
 * At several hundred requests in flight that CPU, not the provider, is what limits a run
 * (bench/llm-throughput.mjs).
 *
 * The same requests and errors reach the SDKs (test/providers/sdk-fetch.test.ts): status, headers and
 * body; gzip/deflate/br answers decoded; a refused connection is the SDK's APIConnectionError, a
 * timeout its APIConnectionTimeoutError, an abort before or during the body E_ABORTED, a connection
 * reset mid-body a retryable network error. Two limits, so those requests keep Node's fetch:
 * - only string (JSON) bodies go through it; anything else (a FormData upload, a stream) and a Request
 *   object go to the global fetch;
 * - its answers' bodies are its own stream class, not web ReadableStreams, so the batch backends (which
 *   hand `response.body` to `Readable.fromWeb`) do not use it.
 *
 * Loaded through `require`, on a client's first request: its CommonJS build reads `http.request` from
 * the module object at call time, so whatever patches it (msw in the tests, a proxy library) sees the
 * requests, where the ESM build binds the function once at load.
 */
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

type Fetch = typeof fetch;
type Ponyfill = typeof import('@whatwg-node/node-fetch');

/**
 * Agents set like Node's global ones (keep-alive, most recently used socket first, an idle socket
 * closed after 5 s) but keeping every idle connection: the global agents keep at most 256 per host,
 * so above 256 requests in flight a wave of answers closed connections that the next requests opened
 * again (with TLS, a handshake each). Idle sockets are still bounded by the requests once in flight.
 */
function keepAliveAgents() {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5000, maxFreeSockets: Number.POSITIVE_INFINITY };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/** A fetch for one SDK client; the library loads on its first request. */
export function createSdkFetch(): Fetch {
  let ponyfill: Ponyfill['fetch'] | undefined;
  let agents: ReturnType<typeof keepAliveAgents> | undefined;
  return (input, init) => {
    const body = init?.body;
    if ((typeof input !== 'string' && !(input instanceof URL)) || (body != null && typeof body !== 'string')) return globalThis.fetch(input, init);
    ponyfill ??= (createRequire(import.meta.url)('@whatwg-node/node-fetch') as Ponyfill).fetch;
    agents ??= keepAliveAgents();
    const agent = (typeof input === 'string' ? input : input.href).startsWith('https:') ? agents.https : agents.http;
    // Its Response has the standard shape (status, headers, text(), json(), body) under its own classes.
    return ponyfill(input, { ...(init as Parameters<Ponyfill['fetch']>[1]), agent }) as unknown as Promise<Response>;
  };
}
