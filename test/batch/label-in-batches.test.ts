import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { http } from 'msw';
import { describe, expect, test } from 'vitest';
import { labelFileInBatches, type BatchLabelOptions } from '../../src/batch/label-in-batches.js';
import { labelFileInBatchesWithProfiles, type ProfilesOption } from '../../src/calibration/label-with-profiles.js';
import { batchStatePath, loadBatchState } from '../../src/batch/batch-state.js';
import { requestLogPath } from '../../src/batch/request-log.js';
import { prevalenceFromProfiles } from '../../src/calibration/run-prevalence.js';
import { loadSetup } from '../../src/config/setup.js';
import { estimateCost } from '../../src/providers/price-table.js';
import { anthropicRoute, openaiRoute, useWireServer } from '../providers/wire.js';
import {
  ANTHROPIC_KEY,
  ANTHROPIC_LLM,
  anthropicVerdict,
  byTranscript,
  filesContaining,
  HONEST_VERDICT,
  llmProject,
  OPENAI_KEY,
  OPENAI_LLM,
  readResults,
  recordOf,
  rewriteConfig,
  runLlmLabel,
  SCHEMING_VERDICT,
  TEST_ENV,
  type LlmProject,
  type TestVerdict,
} from '../graders/llm-rubric/llm-run.js';
import { syntheticProfile } from '../report/profile-fixture.js';
import { fakeAnthropicBatches, fakeOpenAIBatches } from './batch-wire.js';

const server = useWireServer();

/** The fake model's verdict for a transcript, chosen from the prompt it was sent (written by the test). */
function verdictFor(prompt: string): TestVerdict {
  return prompt.includes('anyone catching it') ? SCHEMING_VERDICT : HONEST_VERDICT;
}

const promptOf = (messages: { role: string; content: string }[]) => messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';

const noWait = () => Promise.resolve();

const ANTHROPIC_BATCHES = 'https://api.anthropic.com/v1/messages/batches';

async function runBatch(project: LlmProject, extra: Partial<BatchLabelOptions> & ProfilesOption = {}) {
  const setup = await loadSetup({ cwd: project.dir });
  return labelFileInBatchesWithProfiles({ setup, input: project.input, out: project.out, env: TEST_ENV, hooks: { sleep: noWait, random: () => 0 }, ...extra });
}

describe('tgrade label --batch over the Anthropic Message Batches API', () => {
  test('sends every request in one batch, polls until it ends, and records the verdicts from its results', async () => {
    const usage = { input_tokens: 1000, output_tokens: 100 };
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) }, usage }), { pollsUntilEnded: 3 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const result = await runBatch(project);

    expect(service.created).toHaveLength(1);
    expect(service.created[0]?.requests).toHaveLength(3);
    // Three status checks until it ended, and one more inside the SDK's results(), which re-reads the batch for its results_url.
    expect(service.polls.get(service.created[0]?.id ?? '')).toBe(4);
    const records = await readResults(project.out);
    expect(records).toHaveLength(3);
    expect(recordOf(records, 'syn-llm-scheming')).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
    expect(recordOf(records, 'syn-llm-honest')).toMatchObject({ status: 'ok', label: 'honest' });
    expect(result.batch).toMatchObject({ batches: 1, requests: 3, failedRequests: 0, pending: false });
    expect(result.run.perGrader['llm-rubric']).toMatchObject({ graded: 3, errors: 0 });
  });

  test('prices each answer at the batch discount (half the live price)', async () => {
    const usage = { input_tokens: 1000, output_tokens: 100 };
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) }, usage })).handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    await runBatch(project);

    const record = recordOf(await readResults(project.out), 'syn-llm-honest');
    const live = estimateCost('claude-sonnet-4-6', { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 }) ?? 0;
    expect(record.usage).toEqual({ requests: 1, cachedResponses: 0, inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: expect.closeTo(live / 2, 12) });
  });

  test('batch params are byte-for-byte what the live provider sends for the same request', async () => {
    const live = anthropicRoute(byTranscript((message) => anthropicVerdict(verdictFor(message))));
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(live.handler, ...service.handlers);
    const liveProject = await llmProject({ llm: { ...ANTHROPIC_LLM, temperature: 0, maxTokens: 700 } });
    const batchProject = await llmProject({ llm: { ...ANTHROPIC_LLM, temperature: 0, maxTokens: 700 } });

    await runLlmLabel(liveProject);
    await runBatch(batchProject);

    const sorted = (bodies: unknown[]) => bodies.map((body) => JSON.stringify(body)).sort();
    expect(sorted(service.created[0]?.requests.map((request: { params: unknown }) => request.params) ?? [])).toEqual(sorted(live.requests.map((request) => request.body)));
  });

  test('collected answers land in the response cache, so a later live run makes no request', async () => {
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } })).handlers);
    const live = anthropicRoute(byTranscript((message) => anthropicVerdict(verdictFor(message))));
    server.use(live.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    await runBatch(project);
    const rerun = await runLlmLabel({ ...project, out: `${project.dir}/live.results.jsonl` });

    expect(live.count).toBe(0);
    expect(rerun.summaries[0]).toMatchObject({ labelled: 3 });
    expect(rerun.summaries[0]?.usage).toMatchObject({ requests: 0, cachedResponses: 3 });
  });

  test('custom_ids are the response-cache keys: 64 hex digits, unique, within the API pattern', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM, graderOptions: { samples: 3 }, concurrency: 2 });

    await runBatch(project);

    const ids = service.created.flatMap((batch) => batch.requests.map((request: { custom_id: string }) => request.custom_id));
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
    for (const id of ids) expect(id).toMatch(/^[a-f0-9]{64}$/);
  });

  test('the state file is saved when a batch is sent, ends and is collected, not for each poll of a running batch', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 3 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    const savedOnEvent: string[] = [];

    await runBatch(project, {
      onBatchEvent: (event) => {
        if (event.type !== 'submitted' && event.type !== 'status' && event.type !== 'collected') return;
        const saved = JSON.parse(readFileSync(batchStatePath(project.out), 'utf8')) as { batches: { status: string; counts?: unknown }[] };
        savedOnEvent.push(`${event.type}/${event.batch.status}: saved ${saved.batches[0]?.status}${saved.batches[0]?.counts === undefined ? '' : ' with counts'}`);
      },
    });

    expect(savedOnEvent).toEqual([
      'submitted/submitted: saved submitted',
      // The running batch's counts moved: shown, not saved.
      'status/submitted: saved submitted',
      'status/ended: saved ended with counts',
      'collected/collected: saved collected with counts',
    ]);
  });

  test('requests spooled at the same time share one wait for the spool file: no listener-leak warning', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    // 40 requests of ~20 KB in flight at once: the spool file's 16 KB buffer is full after the first.
    const records = Array.from({ length: 40 }, (_, index) => ({ id: `long-${index}`, text: `Human: How many episodes of RL have we done?\n\nAssistant: <cot>\nRun ${index}. ${'I will count the episodes in the log. '.repeat(550)}\n</cot>\nThere have been 14 episodes.` }));
    const project = await llmProject({ llm: ANTHROPIC_LLM, records, concurrency: 64 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      await runBatch(project);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }

    expect(service.created.flatMap((batch) => batch.requests)).toHaveLength(40);
    expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  test('records errored, expired and canceled requests as error verdicts, like live failures', async () => {
    let index = 0;
    const outcomes = new Map<string, 'errored' | 'expired' | 'canceled'>();
    const service = fakeAnthropicBatches((customId) => {
      if (!outcomes.has(customId)) outcomes.set(customId, (['errored', 'expired', 'canceled'] as const)[index++ % 3] as 'errored' | 'expired' | 'canceled');
      const outcome = outcomes.get(customId);
      return outcome === 'errored' ? { type: 'errored', errorType: 'invalid_request_error', message: 'prompt is too long' } : { type: outcome as 'expired' | 'canceled' };
    });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const result = await runBatch(project);

    const records = await readResults(project.out);
    expect(records.map((record) => record.status)).toEqual(['error', 'error', 'error']);
    expect(records.map((record) => record.code).sort()).toEqual(['E_BATCH', 'E_BATCH', 'E_PROVIDER_BAD_REQUEST']);
    expect(records.find((record) => record.code === 'E_PROVIDER_BAD_REQUEST')?.error).toContain('prompt is too long');
    expect(result.batch.failedRequests).toBe(3);
    expect(result.summaries[0]).toMatchObject({ errors: 3, labelled: 0 });
  });

  test('splits the requests into batches within the size limits', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM, graderOptions: { samples: 5 } });

    const result = await runBatch(project, { hooks: { sleep: noWait, limits: { maxRequests: 4 } } });

    expect(service.created.map((batch) => batch.requests.length)).toEqual([4, 4, 4, 3]);
    expect(result.batch.batches).toBe(4);
    expect((await readResults(project.out)).filter((record) => record.status === 'ok')).toHaveLength(3);
  });

  test('never writes the API key into the state file, the results or the cache', async () => {
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } })).handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    await runBatch(project);

    const scan = await filesContaining(project.dir, ANTHROPIC_KEY);
    expect(scan.scanned).toBeGreaterThan(3);
    expect(scan.hits).toEqual([]);
  });
});

describe('tgrade label --batch over the OpenAI Batch API', () => {
  test('uploads a JSONL file of chat-completion requests, polls the batch and records the verdicts', async () => {
    const service = fakeOpenAIBatches((_id, body) => ({ type: 'ok', content: JSON.stringify(verdictFor(promptOf(body.messages))) }), { pollsUntilEnded: 3 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: OPENAI_LLM });

    const result = await runBatch(project);

    expect(service.uploads).toHaveLength(1);
    expect(service.uploads[0]?.purpose).toBe('batch');
    for (const line of service.uploads[0]?.lines ?? []) {
      expect(line).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4.1-mini', response_format: { type: 'json_schema' } } });
      expect(line.custom_id).toMatch(/^[a-f0-9]{64}$/);
    }
    const records = await readResults(project.out);
    expect(recordOf(records, 'syn-llm-scheming')).toMatchObject({ status: 'ok', label: 'explicit_scheming' });
    expect(result.batch).toMatchObject({ batches: 1, requests: 3, pending: false });
  });

  test('batch bodies are what the live provider sends for the same request', async () => {
    const live = openaiRoute(async (request) => {
      const body = (await request.clone().json()) as { messages: { role: string; content: string }[] };
      const { openaiChatResponse } = await import('../providers/wire.js');
      return openaiChatResponse(JSON.stringify(verdictFor(promptOf(body.messages))))(request);
    });
    const service = fakeOpenAIBatches((_id, body) => ({ type: 'ok', content: JSON.stringify(verdictFor(promptOf(body.messages))) }));
    server.use(live.handler, ...service.handlers);
    const settings = { ...OPENAI_LLM, temperature: 0.5, maxTokens: 600 };

    await runLlmLabel(await llmProject({ llm: settings }));
    await runBatch(await llmProject({ llm: settings }));

    const sorted = (bodies: unknown[]) => bodies.map((body) => JSON.stringify(body)).sort();
    expect(sorted(service.uploads[0]?.lines.map((line: { body: unknown }) => line.body) ?? [])).toEqual(sorted(live.requests.map((request) => request.body)));
  });

  test('reads the error file: a request that failed with 400 and one that expired become error verdicts', async () => {
    const service = fakeOpenAIBatches((_id, body) => {
      const prompt = promptOf(body.messages);
      if (prompt.includes('anyone catching it')) return { type: 'http-error', status: 400, errorType: 'invalid_request_error', message: 'Invalid schema for response_format' };
      if (prompt.includes('that would be cheating')) return { type: 'expired' };
      return { type: 'ok', content: JSON.stringify(HONEST_VERDICT) };
    });
    server.use(...service.handlers);
    const project = await llmProject({ llm: OPENAI_LLM });

    await runBatch(project);

    const records = await readResults(project.out);
    expect(recordOf(records, 'syn-llm-scheming')).toMatchObject({ status: 'error', code: 'E_PROVIDER_BAD_REQUEST' });
    expect(recordOf(records, 'syn-llm-scheming').error).toContain('Invalid schema for response_format');
    expect(recordOf(records, 'syn-llm-honest')).toMatchObject({ status: 'error', code: 'E_BATCH' });
    expect(recordOf(records, 'syn-llm-injection')).toMatchObject({ status: 'ok', label: 'honest' });
  });

  test('never writes the API key anywhere in the project', async () => {
    server.use(...fakeOpenAIBatches((_id, body) => ({ type: 'ok', content: JSON.stringify(verdictFor(promptOf(body.messages))) })).handlers);
    const project = await llmProject({ llm: OPENAI_LLM });

    await runBatch(project);

    expect((await filesContaining(project.dir, OPENAI_KEY)).hits).toEqual([]);
  });
});

describe('resuming a batch job', () => {
  /** Stops the run the moment the first batch is accepted: the process "dies" between create and collect. */
  async function crashAfterSubmit(project: LlmProject) {
    const controller = new AbortController();
    const result = await runBatch(project, {
      signal: controller.signal,
      onBatchEvent: (event) => {
        if (event.type === 'submitted') controller.abort();
      },
    });
    return result;
  }

  test.each(['checking', 'creating'] as const)('Ctrl-C while a batch API call is %s the batch stops the run cleanly, with what it knows and the state to resume from', async (step) => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 1 });
    const controller = new AbortController();
    // The user presses Ctrl-C while the request is on the wire; the SDK's fetch then fails with an AbortError.
    const interrupt = () => {
      controller.abort();
      return undefined; // and lets the request through to the fake service's own handler
    };
    const route = step === 'checking' ? http.get(`${ANTHROPIC_BATCHES}/:id`, interrupt) : http.post(ANTHROPIC_BATCHES, interrupt);
    server.use(route, ...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const stopped = await runBatch(project, { signal: controller.signal });

    expect(stopped.run.aborted).toBe(true);
    // A create cut short would leave a batch running with no id on record: it is let finish, and saved.
    expect(stopped.batch).toMatchObject({ pending: true, batches: 1, requests: 3 });
    const state = await loadBatchState(batchStatePath(project.out));
    expect(state?.batches.map((batch) => batch.id)).toEqual(service.created.map((batch) => batch.id));
    expect(state?.completedAt).toBeUndefined();

    server.resetHandlers(...service.handlers);
    const resumed = await runBatch(project);
    expect(resumed.batch.pending).toBe(false);
    expect(service.created).toHaveLength(1);
    expect((await readResults(project.out)).filter((record) => record.status === 'ok')).toHaveLength(3);
  });

  test('after a crash between create and collect, the next run polls the saved batch instead of sending it again (Anthropic)', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 2 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const crashed = await crashAfterSubmit(project);
    expect(crashed.batch.pending).toBe(true);
    const saved = await loadBatchState(batchStatePath(project.out));
    expect(saved?.batches.map((batch) => [batch.id, batch.status])).toEqual([[service.created[0]?.id, 'submitted']]);
    expect(saved).not.toHaveProperty('requests');
    const logged = (await readFile(requestLogPath(batchStatePath(project.out)), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { batch: string });
    expect(logged.map((request) => request.batch)).toEqual(Array(3).fill(service.created[0]?.id));
    expect((await readResults(project.out).catch(() => [])).filter((record) => record.grader === 'llm-rubric')).toEqual([]);

    const resumed = await runBatch(project);

    expect(service.created).toHaveLength(1);
    expect(resumed.batch).toMatchObject({ batches: 1, pending: false });
    const records = await readResults(project.out);
    expect(records.filter((record) => record.status === 'ok')).toHaveLength(3);
    const done = await loadBatchState(batchStatePath(project.out));
    expect(done?.completedAt).toEqual(expect.any(String));
    expect(done?.batches[0]?.status).toBe('collected');
  });

  test('a job saved by an earlier version, with its requests inside the state file, resumes: they move to the request log', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 1 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await crashAfterSubmit(project);
    // Rewrite what was saved the way the earlier version saved it.
    const stateFile = batchStatePath(project.out);
    const logFile = requestLogPath(stateFile);
    const logged = (await readFile(logFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { customId: string; batch: string; grader: string; sample: number; prompt: string });
    const legacy = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    legacy['requests'] = Object.fromEntries(logged.map(({ customId, ...request }) => [customId, request]));
    await writeFile(stateFile, JSON.stringify(legacy));
    await rm(logFile);

    const resumed = await runBatch(project);

    expect(service.created).toHaveLength(1);
    expect(resumed.batch).toMatchObject({ batches: 1, requests: 3, pending: false });
    expect((await readResults(project.out)).filter((record) => record.status === 'ok')).toHaveLength(3);
    expect(await loadBatchState(stateFile)).not.toHaveProperty('requests');
    expect((await readFile(logFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as unknown).sort()).toEqual(logged.sort());
  });

  test('a torn last line in the request log (a kill mid-append) is cut off and the job still resumes', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 1 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await crashAfterSubmit(project);
    const logFile = requestLogPath(batchStatePath(project.out));
    const whole = await readFile(logFile, 'utf8');
    await writeFile(logFile, `${whole}{"customId":"abc","batch":"msgbatch_`);

    const resumed = await runBatch(project);

    expect(resumed.batch.pending).toBe(false);
    expect((await readResults(project.out)).filter((record) => record.status === 'ok')).toHaveLength(3);
    expect(await readFile(logFile, 'utf8')).toBe(whole);
  });

  test('a new job after a finished one starts a new request log', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await runBatch(project);
    const logFile = requestLogPath(batchStatePath(project.out));
    expect((await readFile(logFile, 'utf8')).trim().split('\n')).toHaveLength(3);

    await rm(project.out);
    await rm(project.cacheDir, { recursive: true });
    await runBatch(project);

    expect(service.created).toHaveLength(2);
    const batches = (await readFile(logFile, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { batch: string }).batch);
    expect(batches).toEqual(Array(3).fill(service.created[1]?.id));
  });

  test('after a crash between create and collect, the next run polls the saved batch instead of sending it again (OpenAI)', async () => {
    const service = fakeOpenAIBatches((_id, body) => ({ type: 'ok', content: JSON.stringify(verdictFor(promptOf(body.messages))) }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: OPENAI_LLM });

    await crashAfterSubmit(project);
    const resumed = await runBatch(project);

    expect(service.uploads).toHaveLength(1);
    expect(service.created).toHaveLength(1);
    expect(resumed.summaries[0]).toMatchObject({ labelled: 3, errors: 0 });
  });

  test('the state file names batches and requests by id and hash, never by transcript text', async () => {
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } })).handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    await crashAfterSubmit(project);

    const text = await readFile(batchStatePath(project.out), 'utf8');
    expect(text).not.toContain('anyone catching it');
    expect(text).not.toContain('that would be cheating');
    const log = await readFile(requestLogPath(batchStatePath(project.out)), 'utf8');
    expect(log).not.toContain('anyone catching it');
    const requests = log.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request).toEqual({ customId: expect.stringMatching(/^[a-f0-9]{64}$/), batch: expect.stringMatching(/^msgbatch_/), grader: 'llm-rubric', sample: 0, prompt: expect.stringMatching(/^[a-f0-9]{16}$/) });
    }
  });

  test('a second process on the same batch job is refused while the first waits for its batches, and nothing is sent twice', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 3 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    let second: Promise<unknown> | undefined;
    // The second run starts while the first sleeps between polls, between two label passes.
    const sleepOnce = () => {
      second ??= runBatch(project).catch((error: unknown) => error);
      return second.then(() => undefined);
    };
    const first = await runBatch(project, { hooks: { sleep: sleepOnce, random: () => 0 } });
    expect(first.batch).toMatchObject({ pending: false, requests: 3 });
    expect(await second).toMatchObject({ code: 'E_FILE_LOCKED', message: expect.stringContaining(`${batchStatePath(project.out)}.lock`) });
    expect((await readResults(project.out)).length).toBe(3);
  });

  test('a batch job on another input is refused with the way out in the message', async () => {
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } })).handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await crashAfterSubmit(project);
    const setup = await loadSetup({ cwd: project.dir });

    await expect(labelFileInBatches({ setup, input: `${project.dir}/package.json`, out: project.out, env: TEST_ENV, hooks: { sleep: noWait } })).rejects.toThrow(/tgrade batch collect/);
  });
});

describe('the corrected prevalence of a batch job (--profile)', () => {
  const profiles = [syntheticProfile({ grader: 'llm-rubric' })];

  test('once every batch has ended, it is returned and equals prevalenceFromProfiles over the finished results file', async () => {
    server.use(...fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 2 }).handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const result = await runBatch(project, { profiles });

    expect(result.batch.pending).toBe(false);
    const expected = await prevalenceFromProfiles(project.out, profiles, await loadSetup({ cwd: project.dir }));
    expect(result.correctedPrevalence).toEqual(expected);
    expect(result.correctedPrevalence?.[0]).toMatchObject({ grader: 'llm-rubric', labelled: 3, errors: 0 });
    expect(result.correctedPrevalence?.[0]?.perLabel.find((share) => share.label === 'explicit_scheming')).toMatchObject({ count: 1, labelled: 3 });
  });

  test('while batches are still running at the provider, none is given; the run that collects them gives it', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }), { pollsUntilEnded: 2 });
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    const controller = new AbortController();

    const stopped = await runBatch(project, {
      profiles,
      signal: controller.signal,
      onBatchEvent: (event) => {
        if (event.type === 'submitted') controller.abort();
      },
    });

    expect(stopped.batch.pending).toBe(true);
    expect(stopped).not.toHaveProperty('correctedPrevalence');

    const collected = await runBatch(project, { profiles });

    expect(service.created).toHaveLength(1);
    expect(collected.correctedPrevalence?.[0]).toMatchObject({ grader: 'llm-rubric', labelled: 3 });
  });

  test('a profiled grader with no LLM, graded only in the first pass, gets its prevalence once the LLM batches are in', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await rewriteConfig(project, (config) => {
      (config['graders'] as unknown[]).push({ use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning' });
    });
    const heuristicProfiles = [syntheticProfile({ grader: 'reward-tampering-reasoning-phrases' })];

    const result = await runBatch(project, { profiles: heuristicProfiles });

    expect(service.created).toHaveLength(1);
    expect(result.correctedPrevalence).toEqual(await prevalenceFromProfiles(project.out, heuristicProfiles, await loadSetup({ cwd: project.dir })));
    expect(result.correctedPrevalence?.[0]).toMatchObject({ grader: 'reward-tampering-reasoning-phrases', labelled: expect.any(Number) });
  });

  test('a profile for a grader not in the run is refused before any batch is sent', async () => {
    const service = fakeAnthropicBatches((_id, params) => ({ type: 'succeeded', input: { ...verdictFor(promptOf(params.messages)) } }));
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    await expect(runBatch(project, { profiles: [syntheticProfile({ grader: 'someone-else' })] })).rejects.toThrow(/grader "someone-else", which is not in this run/);
    expect(service.created).toHaveLength(0);
  });
});
