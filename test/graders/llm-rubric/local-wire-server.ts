/**
 * A provider stand-in on 127.0.0.1 for end-to-end tests of the built CLI: the CLI runs in a child
 * process, out of msw's reach, so it talks to this server through ANTHROPIC_BASE_URL instead.
 * Replies are plain objects built with the wire helpers' body builders.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenForThisTest } from '../../helpers/local-server.js';

export interface LocalReply {
  status?: number;
  headers?: Record<string, string>;
  json: unknown;
}

export interface LocalRequest {
  path: string;
  headers: IncomingHttpHeaders;
  // `any`: the JSON body as the SDK sent it
  body: any;
}

/** Starts the server for the current test (closed when it finishes); `reply` sees each request in turn. */
export async function localWireServer(reply: (request: LocalRequest, index: number) => LocalReply): Promise<{ url: string; requests: LocalRequest[] }> {
  const requests: LocalRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: LocalRequest = { path: incoming.url ?? '', headers: incoming.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      outgoing.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      outgoing.end(JSON.stringify(answer.json));
    });
  });
  return { url: await listenForThisTest(server), requests };
}
