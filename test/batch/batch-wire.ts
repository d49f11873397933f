/**
 * Fake Anthropic Message Batches and OpenAI Batch API services for msw, speaking the real wire
 * shapes: batch objects with `processing_status` / `status` and `request_counts`, results as JSONL
 * with one line per request keyed by `custom_id` (Anthropic `{custom_id, result:{type, message|error}}`;
 * OpenAI output/error files `{id, custom_id, response:{status_code, request_id, body}, error}`).
 * Each service records what the SDK sent, and answers every request through `answer`.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { anthropicMessageBody, openaiChatBody } from '../providers/wire.js';

const ANTHROPIC = 'https://api.anthropic.com/v1/messages/batches';
const OPENAI = 'https://api.openai.com/v1';

export type AnthropicAnswer =
  | { type: 'succeeded'; input: Record<string, unknown>; usage?: { input_tokens: number; output_tokens: number } }
  | { type: 'errored'; errorType: string; message: string }
  | { type: 'canceled' }
  | { type: 'expired' };

export type OpenAIAnswer =
  | { type: 'ok'; content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { type: 'http-error'; status: number; errorType: string; message: string }
  | { type: 'expired' };

// `any`: the request bodies as the SDK sent them
type Json = any;

export interface FakeBatchService {
  handlers: HttpHandler[];
  /** Batches created, with the request lines they were given. */
  created: { id: string; requests: Json[] }[];
  /** Status checks per batch id. */
  polls: Map<string, number>;
  /** Result downloads per batch id. */
  downloads: Map<string, number>;
}

let ids = 0;
const nextId = (prefix: string) => `${prefix}${String(++ids).padStart(24, '0')}`;

/**
 * Anthropic: `POST /v1/messages/batches`, `GET /v1/messages/batches/:id` (in_progress for
 * `pollsUntilEnded` checks, then ended with a results_url), `GET …/:id/results` (JSONL).
 */
export function fakeAnthropicBatches(answer: (customId: string, params: Json) => AnthropicAnswer, options: { pollsUntilEnded?: number } = {}): FakeBatchService {
  const service: FakeBatchService = { handlers: [], created: [], polls: new Map(), downloads: new Map() };
  const pollsUntilEnded = options.pollsUntilEnded ?? 1;
  const batchObject = (id: string) => {
    const requests = service.created.find((batch) => batch.id === id)?.requests ?? [];
    const ended = (service.polls.get(id) ?? 0) >= pollsUntilEnded;
    const counts = { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (ended) {
      counts.processing = 0;
      for (const request of requests) {
        const type = answer(request.custom_id, request.params).type;
        counts[type] += 1;
      }
    }
    return {
      id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: counts,
      ended_at: ended ? '2026-11-27T01:00:00.000Z' : null,
      created_at: '2026-11-27T00:00:00.000Z',
      expires_at: '2026-11-28T00:00:00.000Z',
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${ANTHROPIC}/${id}/results` : null,
    };
  };
  service.handlers.push(
    http.post(ANTHROPIC, async ({ request }) => {
      const body = (await request.json()) as { requests: Json[] };
      const id = nextId('msgbatch_');
      service.created.push({ id, requests: body.requests });
      return HttpResponse.json(batchObject(id));
    }),
    http.get(`${ANTHROPIC}/:id/results`, ({ params }) => {
      const id = String(params['id']);
      service.downloads.set(id, (service.downloads.get(id) ?? 0) + 1);
      const requests = service.created.find((batch) => batch.id === id)?.requests ?? [];
      const lines = [...requests].reverse().map((request) => JSON.stringify({ custom_id: request.custom_id, result: anthropicResult(answer(request.custom_id, request.params)) }));
      return new HttpResponse(`${lines.join('\n')}\n`, { headers: { 'content-type': 'application/binary' } });
    }),
    http.get(`${ANTHROPIC}/:id`, ({ params }) => {
      const id = String(params['id']);
      if (!service.created.some((batch) => batch.id === id)) {
        return HttpResponse.json({ type: 'error', error: { type: 'not_found_error', message: `batch ${id} not found` } }, { status: 404 });
      }
      service.polls.set(id, (service.polls.get(id) ?? 0) + 1);
      return HttpResponse.json(batchObject(id));
    }),
  );
  return service;
}

function anthropicResult(answer: AnthropicAnswer): Json {
  switch (answer.type) {
    case 'succeeded':
      return {
        type: 'succeeded',
        message: anthropicMessageBody({
          content: [{ type: 'tool_use', id: nextId('toolu_'), name: 'record_verdict', input: answer.input }],
          stop_reason: 'tool_use',
          ...(answer.usage === undefined ? {} : { usage: answer.usage }),
        }),
      };
    case 'errored':
      return { type: 'errored', error: { type: 'error', error: { type: answer.errorType, message: answer.message }, request_id: nextId('req_') } };
    case 'canceled':
      return { type: 'canceled' };
    case 'expired':
      return { type: 'expired' };
  }
}

/**
 * OpenAI: `POST /v1/files` (multipart, purpose batch), `POST /v1/batches`, `GET /v1/batches/:id`
 * (validating → in_progress → completed), `GET /v1/files/:id/content` for the input, output and
 * error files.
 */
export function fakeOpenAIBatches(answer: (customId: string, body: Json) => OpenAIAnswer, options: { pollsUntilEnded?: number } = {}): FakeBatchService & { uploads: { purpose: string; filename: string; lines: Json[] }[] } {
  const service = { handlers: [] as HttpHandler[], created: [] as { id: string; requests: Json[] }[], polls: new Map<string, number>(), downloads: new Map<string, number>(), uploads: [] as { purpose: string; filename: string; lines: Json[] }[] };
  const files = new Map<string, string>();
  const batches = new Map<string, { inputFileId: string; outputFileId?: string; errorFileId?: string }>();
  const pollsUntilEnded = options.pollsUntilEnded ?? 2;

  const finish = (id: string) => {
    const batch = batches.get(id);
    if (batch === undefined || batch.outputFileId !== undefined) return;
    const lines = (files.get(batch.inputFileId) ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
    const output: string[] = [];
    const errors: string[] = [];
    for (const line of lines) {
      const result = answer(line.custom_id, line.body);
      const requestId = nextId('req_');
      if (result.type === 'ok') {
        output.push(JSON.stringify({ id: nextId('batch_req_'), custom_id: line.custom_id, response: { status_code: 200, request_id: requestId, body: openaiChatBody(result.content, result.usage === undefined ? {} : { usage: result.usage }) }, error: null }));
      } else if (result.type === 'http-error') {
        errors.push(
          JSON.stringify({
            id: nextId('batch_req_'),
            custom_id: line.custom_id,
            response: { status_code: result.status, request_id: requestId, body: { error: { message: result.message, type: result.errorType, param: null, code: null } } },
            error: null,
          }),
        );
      } else {
        errors.push(JSON.stringify({ id: nextId('batch_req_'), custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
      }
    }
    batch.outputFileId = nextId('file-');
    files.set(batch.outputFileId, output.length === 0 ? '' : `${output.join('\n')}\n`);
    if (errors.length > 0) {
      batch.errorFileId = nextId('file-');
      files.set(batch.errorFileId, `${errors.join('\n')}\n`);
    }
  };
  const batchObject = (id: string) => {
    const batch = batches.get(id) as { inputFileId: string; outputFileId?: string; errorFileId?: string };
    const polls = service.polls.get(id) ?? 0;
    const total = service.created.find((created) => created.id === id)?.requests.length ?? 0;
    const status = polls >= pollsUntilEnded ? 'completed' : polls === 0 ? 'validating' : 'in_progress';
    if (status === 'completed') finish(id);
    const failed = status === 'completed' ? (files.get(batch.errorFileId ?? '') ?? '').split('\n').filter(Boolean).length : 0;
    return {
      id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: batch.inputFileId,
      completion_window: '24h',
      status,
      output_file_id: status === 'completed' ? batch.outputFileId : null,
      error_file_id: status === 'completed' ? (batch.errorFileId ?? null) : null,
      created_at: 1_764_201_600,
      in_progress_at: polls > 0 ? 1_764_201_660 : null,
      expires_at: 1_764_288_000,
      finalizing_at: null,
      completed_at: status === 'completed' ? 1_764_205_200 : null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total, completed: status === 'completed' ? total - failed : 0, failed },
      metadata: null,
    };
  };
  service.handlers.push(
    // Before its first upload the SDK probes fetch with `fetch('data:,')` to see which Response class
    // it makes (openai/internal/uploads.js): answer it here, nothing goes out.
    http.get(({ request }) => request.url.startsWith('data:'), () => new HttpResponse('')),
    http.post(`${OPENAI}/files`, async ({ request }) => {
      const form = await request.formData();
      const file = form.get('file') as File;
      const text = await file.text();
      const id = nextId('file-');
      files.set(id, text);
      service.uploads.push({ purpose: String(form.get('purpose')), filename: file.name, lines: text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json) });
      return HttpResponse.json({ id, object: 'file', bytes: Buffer.byteLength(text), created_at: 1_764_201_600, filename: file.name, purpose: 'batch', status: 'processed', expires_at: null, status_details: null });
    }),
    http.post(`${OPENAI}/batches`, async ({ request }) => {
      const body = (await request.json()) as { input_file_id: string; endpoint: string; completion_window: string };
      const id = nextId('batch_');
      batches.set(id, { inputFileId: body.input_file_id });
      const lines = (files.get(body.input_file_id) ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Json);
      service.created.push({ id, requests: lines });
      return HttpResponse.json(batchObject(id));
    }),
    http.get(`${OPENAI}/batches/:id`, ({ params }) => {
      const id = String(params['id']);
      service.polls.set(id, (service.polls.get(id) ?? 0) + 1);
      return HttpResponse.json(batchObject(id));
    }),
    http.get(`${OPENAI}/files/:id/content`, ({ params }) => {
      const id = String(params['id']);
      service.downloads.set(id, (service.downloads.get(id) ?? 0) + 1);
      const text = files.get(id);
      if (text === undefined) return HttpResponse.json({ error: { message: 'No such File object', type: 'invalid_request_error', param: 'id', code: null } }, { status: 404 });
      return new HttpResponse(text, { headers: { 'content-type': 'application/octet-stream' } });
    }),
  );
  return service;
}
