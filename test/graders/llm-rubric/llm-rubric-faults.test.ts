/**
 * The fault matrix, end to end through the grader: what each provider failure costs in requests,
 * what waits the retry policy takes, and what ends up in the results file.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { isTgradeError } from '../../../src/errors.js';
import {
  anthropicError,
  anthropicRefusalResponse,
  anthropicRoute,
  anthropicTextResponse,
  networkError,
  openaiChatResponse,
  openaiError,
  openaiRefusalResponse,
  openaiRoute,
  useWireServer,
  type WireReply,
  type WireRoute,
} from '../../providers/wire.js';
import { virtualClock } from '../../providers/virtual-clock.js';
import {
  ANTHROPIC_KEY,
  ANTHROPIC_LLM,
  anthropicVerdict,
  fixtureRecord,
  llmProject,
  OPENAI_KEY,
  OPENAI_LLM,
  openaiVerdict,
  readResults,
  recordedSleep,
  runLlmLabel,
  SCHEMING_VERDICT,
  type LlmTestSettings,
  type TestVerdict,
} from './llm-run.js';

const server = useWireServer();

interface Wire {
  name: 'anthropic' | 'openai';
  key: string;
  llm: LlmTestSettings;
  route: (...replies: WireReply[]) => WireRoute;
  verdict: (verdict: TestVerdict | Record<string, unknown>) => WireReply;
  rateLimited: (headers: Record<string, string>) => WireReply;
  serverError: () => WireReply;
  badRequest: () => WireReply;
  badRequestSays: string;
  /** Echoes the key in its message, as OpenAI's 401 does: the worst case for a leak. */
  unauthorized: () => WireReply;
  notJson: () => WireReply;
  refusal: () => WireReply;
}

const WIRES: Wire[] = [
  {
    name: 'anthropic',
    key: ANTHROPIC_KEY,
    llm: ANTHROPIC_LLM,
    route: anthropicRoute,
    verdict: (verdict) => anthropicVerdict(verdict),
    rateLimited: (headers) => anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', headers),
    serverError: () => anthropicError(500, 'api_error', 'Internal server error'),
    badRequest: () => anthropicError(400, 'invalid_request_error', 'tools.0.input_schema: JSON schema is invalid'),
    badRequestSays: 'tools.0.input_schema: JSON schema is invalid',
    unauthorized: () => anthropicError(401, 'authentication_error', `invalid x-api-key ${ANTHROPIC_KEY}`),
    notJson: () => anthropicTextResponse('I think the label is honest.'),
    refusal: () => anthropicRefusalResponse('The request was declined by the safety system.'),
  },
  {
    name: 'openai',
    key: OPENAI_KEY,
    llm: OPENAI_LLM,
    route: openaiRoute,
    verdict: (verdict) => openaiVerdict(verdict),
    rateLimited: (headers) => openaiError(429, { message: 'Rate limit reached for gpt-4.1-mini on requests per min (RPM): Limit 500.', type: 'requests', code: 'rate_limit_exceeded' }, headers),
    serverError: () => openaiError(500, { message: 'The server had an error while processing your request.', type: 'server_error' }),
    badRequest: () => openaiError(400, { message: "Invalid schema for response_format 'record_verdict'.", type: 'invalid_request_error', param: 'response_format' }),
    badRequestSays: "Invalid schema for response_format 'record_verdict'.",
    unauthorized: () =>
      openaiError(401, { message: `Incorrect API key provided: ${OPENAI_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' }),
    notJson: () => openaiChatResponse('I think the label is honest.'),
    refusal: () => openaiRefusalResponse("I'm sorry, I can't help with that."),
  },
];

/** Never answers; ends (as a reset) only when the client gives up and aborts the fetch. */
const hangs = (): WireReply => (request) =>
  new Promise((resolve) => request.signal.addEventListener('abort', () => resolve(HttpResponse.error()), { once: true }));

const oneTranscript = (wire: Wire, llm: Partial<LlmTestSettings> = {}, graderOptions: Record<string, unknown> = {}) =>
  llmProject({ llm: { ...wire.llm, ...llm }, graderOptions, records: [fixtureRecord('syn-llm-scheming')] });

async function onlyRecord(file: string) {
  const records = await readResults(file);
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe.each(WIRES)('llm-rubric faults over $name', (wire) => {
  it('waits out retry-after: 3 on a 429, then records the verdict', async () => {
    const clock = virtualClock();
    const arrivals: number[] = [];
    const stamp = (reply: WireReply): WireReply => (request) => {
      arrivals.push(clock.now());
      return reply(request);
    };
    const route = wire.route(stamp(wire.rateLimited({ 'retry-after': '3' })), stamp(wire.verdict(SCHEMING_VERDICT)));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await clock.run(runLlmLabel(project, { hooks: { now: clock.now, sleep: clock.sleep } }));

    expect(arrivals).toEqual([0, 3000]);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', label: 'explicit_scheming', usage: { requests: 1 } });
  });

  it('retries a 500 once and records the verdict', async () => {
    const route = wire.route(wire.serverError(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);
    const waits = recordedSleep();

    await runLlmLabel(project, { hooks: { sleep: waits.sleep } });

    expect(route.count).toBe(2);
    expect(waits.delays).toHaveLength(1);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
  });

  it('records a 400 as an error after one request, with the provider message', async () => {
    const route = wire.route(wire.badRequest(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', label: null, code: 'E_PROVIDER_BAD_REQUEST' });
    expect(record.error).toContain(wire.badRequestSays);
  });

  it('stops the run on a 401 with E_PROVIDER_AUTH, never showing the key and recording nothing', async () => {
    const route = wire.route(wire.unauthorized(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: wire.llm, concurrency: 1 });

    const error = await runLlmLabel(project).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(isTgradeError(error, 'E_PROVIDER_AUTH')).toBe(true);
    expect((error as Error).message).toMatch(/API key for \w+ was rejected \(check (ANTHROPIC|OPENAI)_API_KEY\)/);
    expect((error as Error).message).not.toContain(wire.key);
    expect(route.count).toBe(1);
    expect(await readResults(project.out)).toEqual([]);
  });

  it('stops a concurrent run on a 401 before the other transcripts are recorded', async () => {
    const route = wire.route(wire.unauthorized());
    server.use(route.handler);
    const records = Array.from({ length: 40 }, (_, index) => ({ ...fixtureRecord('syn-llm-scheming'), id: `t-${index}` }));
    const project = await llmProject({ llm: { ...wire.llm, concurrency: 4 }, records, concurrency: 8 });

    await expect(runLlmLabel(project)).rejects.toMatchObject({ code: 'E_PROVIDER_AUTH' });

    expect(route.count).toBeLessThanOrEqual(8);
    expect(await readResults(project.out)).toEqual([]);
  });

  it('records a timeout as E_PROVIDER_TIMEOUT after retries + 1 attempts', async () => {
    const route = wire.route(hangs());
    server.use(route.handler);
    const project = await oneTranscript(wire, { timeoutMs: 50, retries: 1 });

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_TIMEOUT' });
    expect(record.error).toMatch(/did not answer within 50 ms.*gave up after 2 attempts/);
  });

  it('recovers from a timed-out attempt when the next one answers', async () => {
    const route = wire.route(hangs(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire, { timeoutMs: 50 });

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
  });

  it('retries a reset connection and records the verdict', async () => {
    const route = wire.route(networkError(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
  });

  it('records E_PROVIDER_NETWORK when the connection keeps failing', async () => {
    const route = wire.route(networkError());
    server.use(route.handler);
    const project = await oneTranscript(wire, { retries: 2 });

    await runLlmLabel(project);

    expect(route.count).toBe(3);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'error', code: 'E_PROVIDER_NETWORK' });
  });

  it('records non-JSON content as an error keeping the raw text, without retrying', async () => {
    const route = wire.route(wire.notJson(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    expect(await onlyRecord(project.out)).toMatchObject({
      status: 'error',
      label: null,
      code: 'E_PROVIDER_RESPONSE',
      error: 'the model did not answer with JSON',
      raw: 'I think the label is honest.',
    });
  });

  it('records a label outside the rubric as an error, never as a label or a default', async () => {
    const bad = { ...SCHEMING_VERDICT, label: 'definitely_fine' };
    const route = wire.route(wire.verdict(bad));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', label: null, code: 'E_PROVIDER_RESPONSE' });
    expect(record.error).toMatch(/does not fit the verdict schema.*\(at label\)/);
    expect(JSON.parse(record.raw ?? '')).toEqual(bad);
  });

  it('records a verdict missing its reasoning as an error', async () => {
    const { reasoning: _dropped, ...bad } = SCHEMING_VERDICT;
    server.use(wire.route(wire.verdict(bad)).handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_RESPONSE' });
    expect(record.error).toMatch(/at reasoning/);
  });

  it('records a refusal as an error saying the model refused', async () => {
    const route = wire.route(wire.refusal(), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', label: null, code: 'E_PROVIDER_RESPONSE' });
    expect(record.error).toMatch(/^the model refused: /);
  });

  it('keeps a verdict whose quotes are not in the transcript, flagged unverifiedEvidence', async () => {
    const invented = { ...SCHEMING_VERDICT, evidence: [{ quote: 'I will rewrite the grader so it always passes' }] };
    const route = wire.route(wire.verdict(invented), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire);

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', flags: ['unverifiedEvidence'] });
    expect(record.evidence).toEqual([{ quote: 'I will rewrite the grader so it always passes', start: null, end: null }]);
  });

  it('re-asks once when quotes are not found, and keeps the verified answer', async () => {
    const invented = { ...SCHEMING_VERDICT, evidence: [{ quote: 'I will rewrite the grader so it always passes' }] };
    const route = wire.route(wire.verdict(invented), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire, {}, { onUnverifiedEvidence: 'reask' });

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    const followUp = route.requests[1]!.body.messages.filter((message: { role: string }) => message.role !== 'system');
    expect(followUp.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(followUp[2])).toContain('I will rewrite the grader so it always passes');
    const record = await onlyRecord(project.out);
    expect(record.flags ?? []).not.toContain('unverifiedEvidence');
    expect(record.evidence.every((evidence) => evidence.start !== null)).toBe(true);
    expect(record.usage).toMatchObject({ requests: 2 });
  });

  it('re-asks only once: a second invented quote is kept, flagged', async () => {
    const invented = { ...SCHEMING_VERDICT, evidence: [{ quote: 'I will rewrite the grader so it always passes' }] };
    const route = wire.route(wire.verdict(invented));
    server.use(route.handler);
    const project = await oneTranscript(wire, {}, { onUnverifiedEvidence: 'reask' });

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', flags: ['unverifiedEvidence'] });
  });
});

describe('llm-rubric faults specific to Anthropic', () => {
  it('retries a 529 overloaded answer and records the verdict', async () => {
    const route = anthropicRoute(anthropicError(529, 'overloaded_error', 'Overloaded'), anthropicVerdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM, records: [fixtureRecord('syn-llm-scheming')] });
    const waits = recordedSleep();

    await runLlmLabel(project, { hooks: { sleep: waits.sleep, random: () => 0.5 } });

    expect(route.count).toBe(2);
    // Full jitter over the first ceiling (500 ms), at random() = 0.5.
    expect(waits.delays).toEqual([250]);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
  });

  it('records E_PROVIDER_OVERLOADED when 529s outlast the retries', async () => {
    const route = anthropicRoute(anthropicError(529, 'overloaded_error', 'Overloaded'));
    server.use(route.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, retries: 2 }, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project);

    expect(route.count).toBe(3);
    const record = await onlyRecord(project.out);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_OVERLOADED' });
    expect(record.error).toMatch(/gave up after 3 attempts/);
  });
});

describe('llm-rubric faults specific to OpenAI', () => {
  it('honors retry-after-ms before retry-after', async () => {
    const waits = recordedSleep();
    const route = openaiRoute(
      openaiError(429, { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after-ms': '1250', 'retry-after': '2' }),
      openaiVerdict(SCHEMING_VERDICT),
    );
    server.use(route.handler);
    const project = await llmProject({ llm: OPENAI_LLM, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project, { hooks: { sleep: waits.sleep } });

    expect(waits.delays).toEqual([1250]);
    expect(route.count).toBe(2);
  });

  it('does not retry a 429 that reports an exhausted quota', async () => {
    const route = openaiRoute(openaiError(429, { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' }));
    server.use(route.handler);
    const project = await llmProject({ llm: OPENAI_LLM, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    expect(await onlyRecord(project.out)).toMatchObject({ status: 'error', code: 'E_PROVIDER_RATE_LIMIT' });
  });
});
