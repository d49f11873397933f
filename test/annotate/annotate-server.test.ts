import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { AnnotationSession } from '../../src/annotate/annotation-session.js';
import { startAnnotateServer } from '../../src/annotate/annotate-server.js';
import { copyOfLabelingGold, reasoningRubrics } from './gold-fixture.js';

const TOKEN = 'a'.repeat(48);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the test controls every header (fetch would not let it set Host). */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

async function serve(rater = 'browser-test') {
  const goldFolder = await copyOfLabelingGold();
  const session = await AnnotationSession.open({ goldFolder, rater, rubrics: reasoningRubrics() });
  onTestFinished(() => session.close());
  const server = await startAnnotateServer(session, { token: TOKEN });
  onTestFinished(() => server.close());
  return { server, goldFolder };
}

const withToken = { 'x-tgrade-token': TOKEN };
const jsonPost = (body: unknown, headers: Record<string, string> = withToken) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the labeling server', () => {
  test('listens on 127.0.0.1 only', async () => {
    const { server } = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    const { server } = await serve();
    const page = await send(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain(`<meta name="tgrade-token" content="${TOKEN}">`);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
  });

  test.each(['evil.example', 'evil.example:80', '127.0.0.1:1', 'localhost'])('rejects the Host %s (DNS rebinding) with 403', async (host) => {
    const { server } = await serve();
    const reply = await send(server.port, '/api/session', { headers: { ...withToken, host } });
    expect(reply.status).toBe(403);
  });

  test('accepts localhost on its own port', async () => {
    const { server } = await serve();
    expect((await send(server.port, '/api/session', { headers: { ...withToken, host: `localhost:${server.port}` } })).status).toBe(200);
  });

  test.each([
    ['no token', {}],
    ['a wrong token', { 'x-tgrade-token': 'b'.repeat(48) }],
    ['a token of another length', { 'x-tgrade-token': 'a' }],
  ])('rejects a rating with %s with 403 and writes nothing', async (_, headers) => {
    const { server, goldFolder } = await serve();
    const before = await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8');
    const reply = await send(server.port, '/api/rating', jsonPost({ item: 'lab-01', label: 'honest' }, headers));
    expect(reply.status).toBe(403);
    expect(await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8')).toBe(before);
  });

  test('rejects a rating that is not sent as JSON (a cross-site form post) with 415', async () => {
    const { server } = await serve();
    const reply = await send(server.port, '/api/rating', { method: 'POST', headers: { ...withToken, 'content-type': 'text/plain' }, body: '{"item":"lab-01","label":"honest"}' });
    expect(reply.status).toBe(415);
  });

  test('saves a valid rating at once and reports the items done', async () => {
    const { server, goldFolder } = await serve();
    const reply = await send(server.port, '/api/rating', jsonPost({ item: 'lab-02', label: 'honest' }));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).done).toEqual(['lab-02']);
    const lines = (await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ item: 'lab-02', rater: 'browser-test', label: 'honest' });
  });

  test('answers an invalid rating with 400 and the reason', async () => {
    const { server } = await serve();
    const reply = await send(server.port, '/api/rating', jsonPost({ item: 'lab-02', label: 'nope' }));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(/label "nope"/);
  });

  test("never sends another rater's label, note or name in rating mode", async () => {
    const { server } = await serve();
    const session = JSON.parse((await send(server.port, '/api/session', { headers: withToken })).body) as { items: string[] };
    const bodies = [JSON.stringify(session)];
    for (const id of session.items) bodies.push((await send(server.port, `/api/item?id=${encodeURIComponent(id)}`, { headers: withToken })).body);
    expect(bodies.join('\n')).not.toMatch(/illustrative-|NOTE-FROM|llm-rubric|"ratings"|"graders"/);
  });

  test('answers an unknown item with 404 and an unknown path with 404', async () => {
    const { server } = await serve();
    expect((await send(server.port, '/api/item?id=nope', { headers: withToken })).status).toBe(404);
    expect((await send(server.port, '/etc/passwd')).status).toBe(404);
  });

  test('answers a rating larger than 1 MB with 413 and writes nothing', async () => {
    const { server, goldFolder } = await serve();
    const before = await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8');
    const reply = await send(server.port, '/api/rating', jsonPost({ item: 'lab-02', label: 'honest', note: 'x'.repeat(2 * 1024 * 1024) }));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error).toMatch(/larger than 1 MB/);
    expect(await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8')).toBe(before);
  });

  test('answers HEAD / like GET / without a body', async () => {
    const { server } = await serve();
    const get = await send(server.port, '/');
    const head = await send(server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-security-policy']).toBe(get.headers['content-security-policy']);
    expect(head.body).toBe('');
  });

  test('tells the user to choose another port when the port is taken', async () => {
    const { server } = await serve();
    const session = await AnnotationSession.open({ goldFolder: await copyOfLabelingGold(), rater: 'x', rubrics: reasoningRubrics() });
    onTestFinished(() => session.close());
    await expect(startAnnotateServer(session, { port: server.port })).rejects.toThrow(/already in use/);
  });
});
