import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, isTgradeError, TgradeError } from '../errors.js';
import type { AnnotationSession } from './annotation-session.js';
import { ANNOTATE_STYLESHEET } from './page/annotate-css.js';
import { annotatePageHtml } from './page/annotate-html.js';
import { hostIsAllowed, newSessionToken, setSecurityHeaders, tokenMatches } from './request-guard.js';

/** The page's script, a checked JavaScript file beside this module's page folder, served as it is (the build copies it into dist). */
const ANNOTATE_SCRIPT = readFileSync(new URL('./page/annotate-app.js', import.meta.url), 'utf8');

/**
 * The labeling page's server: node:http on 127.0.0.1, a page, its script and stylesheet (built into
 * the package, so nothing is fetched from the network), and a small JSON API over one session.
 */
export interface AnnotateServerOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Default: a fresh random token; tests may fix it. */
  token?: string;
}

export interface AnnotateServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const DISCARD_LIMIT_BYTES = 64 << 20;

export async function startAnnotateServer(session: AnnotationSession, options: AnnotateServerOptions = {}): Promise<AnnotateServer> {
  const token = options.token ?? newSessionToken();
  let port = options.port ?? 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: describeError(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    if (!hostIsAllowed(request, port)) return sendText(response, 403, 'forbidden: this server answers only to 127.0.0.1 and localhost on its own port');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    // HEAD is GET without the body (RFC 9110 §9.3.2): node:http leaves the body out of a HEAD response itself.
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
    const route = `${method} ${url.pathname}`;
    if (url.pathname.startsWith('/api/') && !tokenMatches(request, token)) return sendJson(response, 403, { error: 'missing or wrong session token' });
    switch (route) {
      case 'GET /':
        return send(response, 200, 'text/html; charset=utf-8', annotatePageHtml({ token, mode: session.mode, rater: session.rater }));
      case 'GET /app.js':
        return send(response, 200, 'text/javascript; charset=utf-8', ANNOTATE_SCRIPT);
      case 'GET /app.css':
        return send(response, 200, 'text/css; charset=utf-8', ANNOTATE_STYLESHEET);
      case 'GET /favicon.ico':
        return send(response, 204, 'text/plain', '');
      case 'GET /api/session':
        return sendJson(response, 200, session.info());
      case 'GET /api/item': {
        const item = session.item(url.searchParams.get('id') ?? '');
        return item === undefined ? sendJson(response, 404, { error: 'no such item in this session' }) : sendJson(response, 200, item);
      }
      case 'POST /api/rating': {
        if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return sendJson(response, 415, { error: 'send the rating as application/json' });
        let body: unknown;
        try {
          body = JSON.parse(await readBody(request));
        } catch (error) {
          if (error instanceof BodyTooLarge) return sendJson(response, 413, { error: 'the rating is larger than 1 MB; shorten the note' });
          return sendJson(response, 400, { error: `not a JSON body: ${describeError(error)}` });
        }
        try {
          const rating = session.record(body);
          return sendJson(response, 200, { rating, done: session.info().done });
        } catch (error) {
          if (isTgradeError(error, 'E_RATINGS_INVALID')) return sendJson(response, 400, { error: error.message });
          throw error;
        }
      }
      default:
        return url.pathname.startsWith('/api/') || url.pathname === '/' ? sendJson(response, 405, { error: `${request.method} is not allowed here` }) : sendText(response, 404, 'not found');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new TgradeError('E_CONFIG_INVALID', `--port ${port}: the port is already in use; choose another or leave out --port for a free one`, { cause: error })
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, port, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

class BodyTooLarge extends Error {}

/**
 * The request body as text. A body over MAX_BODY_BYTES is read to its end and thrown away, so the
 * client gets a 413 instead of a reset socket (a client still sending when the socket closes sees
 * ECONNRESET, never the answer); only a body far beyond any rating is cut off.
 */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DISCARD_LIMIT_BYTES) request.destroy();
    });
    request.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, 'text/plain; charset=utf-8', text);
}
