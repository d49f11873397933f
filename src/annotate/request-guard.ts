import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The labeling server's defences. It listens on 127.0.0.1 only, but any web page the rater has open
 * can still send requests to it, so:
 *  - the Host header must name this server (a DNS-rebinding page arrives with its own host name);
 *  - every /api request carries the per-session token, which only our page has (it is embedded in
 *    the page, and other origins cannot read the page);
 *  - a strict Content-Security-Policy means that even a rendering mistake could not run a script:
 *    only our own script file runs, and it may talk to this server only.
 */
const TOKEN_HEADER = 'x-tgrade-token';

export function newSessionToken(): string {
  return randomBytes(24).toString('hex');
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostIsAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).has(host);
}

export function tokenMatches(request: IncomingMessage, token: string): boolean {
  const sent = request.headers[TOKEN_HEADER];
  if (typeof sent !== 'string' || sent.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(token));
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'none'",
  "font-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cache-Control', 'no-store');
}
