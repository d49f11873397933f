/**
 * An Anthropic Message Batches stand-in on 127.0.0.1, for end-to-end tests of the built CLI (a
 * child process, out of msw's reach; it finds this server through ANTHROPIC_BASE_URL). Same wire
 * shapes as batch-wire.ts: batch objects with `processing_status` and `request_counts`, results as
 * JSONL `{custom_id, result}` lines. Every answer is written by the test (`answer`).
 */
import { createServer } from 'node:http';
import { listenForThisTest } from '../helpers/local-server.js';
import { anthropicMessageBody } from '../providers/wire.js';

// `any`: request params as the SDK sent them
type Json = any;

export interface LocalBatchServer {
  url: string;
  created: { id: string; requests: Json[] }[];
  /** Status checks before a batch reports `ended`; settable between runs. */
  pollsUntilEnded: number;
}

export async function localAnthropicBatchServer(answer: (params: Json) => Record<string, unknown>, options: { pollsUntilEnded?: number } = {}): Promise<LocalBatchServer> {
  const state: LocalBatchServer = { url: '', created: [], pollsUntilEnded: options.pollsUntilEnded ?? 1 };
  const polls = new Map<string, number>();
  const batchObject = (id: string) => {
    const requests = state.created.find((batch) => batch.id === id)?.requests ?? [];
    const ended = (polls.get(id) ?? 0) >= state.pollsUntilEnded;
    return {
      id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: { processing: ended ? 0 : requests.length, succeeded: ended ? requests.length : 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: ended ? '2026-11-27T01:00:00.000Z' : null,
      created_at: '2026-11-27T00:00:00.000Z',
      expires_at: '2026-11-28T00:00:00.000Z',
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${state.url}/v1/messages/batches/${id}/results` : null,
    };
  };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const path = (incoming.url ?? '').split('?')[0] ?? '';
      const json = (status: number, body: unknown) => {
        outgoing.writeHead(status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(body));
      };
      if (incoming.method === 'POST' && path === '/v1/messages/batches') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requests: Json[] };
        const id = `msgbatch_01LOCAL${String(state.created.length + 1).padStart(12, '0')}`;
        state.created.push({ id, requests: body.requests });
        json(200, batchObject(id));
        return;
      }
      const results = /^\/v1\/messages\/batches\/([\w-]+)\/results$/.exec(path);
      if (incoming.method === 'GET' && results !== null) {
        const requests = state.created.find((batch) => batch.id === results[1])?.requests ?? [];
        const lines = requests.map((request) =>
          JSON.stringify({
            custom_id: request.custom_id,
            result: {
              type: 'succeeded',
              message: anthropicMessageBody({ content: [{ type: 'tool_use', id: 'toolu_01LOCAL', name: 'record_verdict', input: answer(request.params) }], stop_reason: 'tool_use', usage: { input_tokens: 1000, output_tokens: 100 } }),
            },
          }),
        );
        outgoing.writeHead(200, { 'content-type': 'application/binary' });
        outgoing.end(`${lines.join('\n')}\n`);
        return;
      }
      const batch = /^\/v1\/messages\/batches\/([\w-]+)$/.exec(path);
      if (incoming.method === 'GET' && batch !== null && state.created.some((created) => created.id === batch[1])) {
        const id = batch[1] as string;
        polls.set(id, (polls.get(id) ?? 0) + 1);
        json(200, batchObject(id));
        return;
      }
      json(404, { type: 'error', error: { type: 'not_found_error', message: `no route ${incoming.method} ${path}` } });
    });
  });
  state.url = await listenForThisTest(server);
  return state;
}
