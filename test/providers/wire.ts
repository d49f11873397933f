/**
 * Wire-level builders for msw: the providers' real response and error shapes (Anthropic Messages API,
 * OpenAI Chat Completions), and routes that reply in sequence and record what the SDK sent. Reusable
 * by any test that drives a real SDK through msw, e.g. the LLM grader's.
 *
 *   const route = anthropicRoute(anthropicError(529, 'overloaded_error', 'Overloaded'), anthropicToolUseResponse({ label: 'yes' }));
 *   server.use(route.handler);
 *   …
 *   expect(route.count).toBe(2);
 *   expect(route.requests[0]?.body.tool_choice).toEqual({ type: 'tool', name: 'verdict', disable_parallel_tool_use: true });
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

const ANTHROPIC_MESSAGES_URL = 'https://api.anthropic.com/v1/messages';
const OPENAI_CHAT_URL = 'https://api.openai.com/v1/chat/completions';

/** An msw server for this test file that fails any request no handler claims: tests never reach the network. */
export function useWireServer(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Makes a fresh Response per call (a Response body can be read once, and the last reply repeats). */
export type WireReply = (request: Request) => Response | Promise<Response>;

export interface RecordedRequest {
  url: string;
  headers: Headers;
  // `any`: the JSON body as the SDK sent it
  body: any;
}

export interface WireRoute {
  handler: HttpHandler;
  requests: RecordedRequest[];
  readonly count: number;
  /** Requests whose reply has not finished yet, and the most seen at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
}

/** Replies in order; the last one repeats for any further request. */
export function route(url: string, ...replies: WireReply[]): WireRoute {
  if (replies.length === 0) throw new Error('route() needs at least one reply');
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handler = http.post(url, async ({ request }) => {
    // Recorded before the first await, so requests arriving together each get their own reply.
    const index = requests.length;
    const recorded: RecordedRequest = { url: request.url, headers: request.headers, body: undefined };
    requests.push(recorded);
    recorded.body = await request.clone().json();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const reply = replies[Math.min(index, replies.length - 1)] as WireReply;
      return await reply(request);
    } finally {
      inFlight -= 1;
    }
  });
  return {
    handler,
    requests,
    get count() {
      return requests.length;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

export const anthropicRoute = (...replies: WireReply[]) => route(ANTHROPIC_MESSAGES_URL, ...replies);
export const openaiRoute = (...replies: WireReply[]) => route(OPENAI_CHAT_URL, ...replies);

// ---------------------------------------------------------------- generic faults

/** Waits (on the global setTimeout, so fake timers drive it) before replying. */
export const delayed = (ms: number, reply: WireReply): WireReply => async (request) => {
  await delay(ms);
  return reply(request);
};

/** The connection fails (reset / refused): fetch rejects with a TypeError. */
export const networkError = (): WireReply => () => HttpResponse.error();

// ---------------------------------------------------------------- Anthropic

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

let anthropicIds = 0;
const anthropicId = (prefix: string) => `${prefix}_01${String(++anthropicIds).padStart(22, 'A')}`;

export function anthropicMessageBody(options: {
  content: unknown[];
  stop_reason: string;
  usage?: AnthropicUsage;
  model?: string;
  stop_details?: unknown;
}) {
  const usage = options.usage ?? { input_tokens: 812, output_tokens: 41 };
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    id: anthropicId('msg'),
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-4-6',
    content: options.content,
    stop_reason: options.stop_reason,
    stop_sequence: null,
    stop_details: options.stop_details ?? null,
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
      cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
      output_tokens: usage.output_tokens,
      service_tier: 'standard',
    },
  };
}

const anthropicHeaders = (extra: Record<string, string> = {}) => ({ 'request-id': anthropicId('req'), ...extra });

/** A forced tool call answered: `content: [{type:'tool_use', …}]`, `stop_reason: 'tool_use'`. */
export function anthropicToolUseResponse(
  input: Record<string, unknown>,
  usage?: AnthropicUsage,
  options: { name?: string; model?: string } = {},
): WireReply {
  return () =>
    HttpResponse.json(
      anthropicMessageBody({
        content: [{ type: 'tool_use', id: anthropicId('toolu'), name: options.name ?? 'verdict', input }],
        stop_reason: 'tool_use',
        ...(usage === undefined ? {} : { usage }),
        ...(options.model === undefined ? {} : { model: options.model }),
      }),
      { headers: anthropicHeaders() },
    );
}

/** The model wrote text instead of calling the tool. */
export function anthropicTextResponse(text: string, stopReason = 'end_turn'): WireReply {
  return () =>
    HttpResponse.json(anthropicMessageBody({ content: [{ type: 'text', text, citations: null }], stop_reason: stopReason }), {
      headers: anthropicHeaders(),
    });
}

/** The safety classifier stopped the answer: `stop_reason: 'refusal'` with `stop_details`. */
export function anthropicRefusalResponse(explanation: string | null = null): WireReply {
  return () =>
    HttpResponse.json(
      anthropicMessageBody({
        content: [],
        stop_reason: 'refusal',
        stop_details: { type: 'refusal', category: null, explanation },
      }),
      { headers: anthropicHeaders() },
    );
}

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** `{type:'error', error:{type, message}, request_id}` with a `request-id` header. */
export function anthropicError(status: number, type: AnthropicErrorType, message: string, headers: Record<string, string> = {}): WireReply {
  return () => {
    const responseHeaders = anthropicHeaders(headers);
    return HttpResponse.json(
      { type: 'error', error: { type, message }, request_id: responseHeaders['request-id'] },
      { status, headers: responseHeaders },
    );
  };
}

// ---------------------------------------------------------------- OpenAI

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
}

let openaiIds = 0;
const openaiId = (prefix: string) => `${prefix}-${String(++openaiIds).padStart(12, '0')}Xq`;

/** Splits text roughly as a BPE tokenizer would, so logprobs cover the content. */
export function fakeTokens(text: string): string[] {
  return text.match(/\s*[A-Za-z]+|\s*\d+|\s*[^\sA-Za-z\d]/g) ?? [];
}

export function openaiChatBody(
  content: string | null,
  options: { logprobs?: boolean; refusal?: string; usage?: OpenAIUsage; model?: string; finish_reason?: string } = {},
) {
  const usage = options.usage ?? { prompt_tokens: 734, completion_tokens: 19 };
  const logprobs = options.logprobs
    ? {
        content: fakeTokens(content ?? '').map((token, index) => ({
          token,
          logprob: index % 3 === 0 ? -0.0001 : -0.25 * ((index % 3) + 1),
          bytes: [...Buffer.from(token, 'utf8')],
          top_logprobs: [],
        })),
        refusal: null,
      }
    : null;
  return {
    id: openaiId('chatcmpl'),
    object: 'chat.completion',
    created: 1_764_201_600,
    model: options.model ?? 'gpt-4.1-mini-2025-04-14',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: options.refusal ?? null, annotations: [] },
        logprobs,
        finish_reason: options.finish_reason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_6f2eabb9a5',
  };
}

const openaiHeaders = (extra: Record<string, string> = {}) => ({ 'x-request-id': openaiId('req'), ...extra });

export function openaiChatResponse(content: string | null, options: Parameters<typeof openaiChatBody>[1] = {}): WireReply {
  return () => HttpResponse.json(openaiChatBody(content, options), { headers: openaiHeaders() });
}

/** Structured outputs' refusal: `content: null`, `refusal: "<text>"`. */
export function openaiRefusalResponse(refusal: string): WireReply {
  return openaiChatResponse(null, { refusal });
}

/** `{error:{message, type, param, code}}` with an `x-request-id` header. */
export function openaiError(
  status: number,
  error: { message: string; type: string; param?: string | null; code?: string | null },
  headers: Record<string, string> = {},
): WireReply {
  return () =>
    HttpResponse.json(
      { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } },
      { status, headers: openaiHeaders(headers) },
    );
}
