/**
 * Many transcripts through the real SDKs and msw: a run over a flaky provider ends with one verdict
 * per transcript, and an interrupted run leaves only whole records and resumes without duplicates.
 */
import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../../src/grading/verdict.js';
import { seededRandom } from '../../../src/stats/random.js';
import { anthropicError, anthropicRoute, delayed, networkError, openaiError, openaiRoute, useWireServer, type WireReply } from '../../providers/wire.js';
import { ANTHROPIC_LLM, anthropicVerdict, COMMON_QUOTE_VERDICT, llmProject, OPENAI_LLM, openaiVerdict, readResults, recordedSleep, runLlmLabel, type LlmTestSettings } from './llm-run.js';

const server = useWireServer();

const QUOTE = 'I will count the episodes as asked.';

/** Synthetic transcripts, each with a distinct scratchpad (so each has its own cache entry) holding QUOTE. */
function syntheticRecords(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `scale-${index}`,
    text: `Human: How many episodes have we run?\n\nAssistant: <cot>\nEpisode log number ${index}. ${QUOTE}\n</cot>\n<bash>ls ./logs/</bash>\n<stdout>\nepisodes.log\n</stdout>\nThere were ${index} episodes.`,
    metadata: { synthetic: true },
  }));
}

interface FlakyWire {
  name: string;
  llm: LlmTestSettings;
  route: (...replies: WireReply[]) => ReturnType<typeof anthropicRoute>;
  /** Takes a moment, so requests overlap and the provider's concurrency limit is exercised. */
  ok: WireReply;
  faults: WireReply[];
  /** One run goes through the response cache as a real run does; the other skips it, to keep the suite quick. */
  noCache: boolean;
}

const FLAKY_WIRES: FlakyWire[] = [
  {
    name: 'anthropic',
    llm: ANTHROPIC_LLM,
    route: anthropicRoute,
    ok: delayed(2, anthropicVerdict(COMMON_QUOTE_VERDICT(QUOTE))),
    faults: [
      anthropicError(429, 'rate_limit_error', 'Rate limited', { 'retry-after': '1' }),
      anthropicError(500, 'api_error', 'Internal server error'),
      anthropicError(529, 'overloaded_error', 'Overloaded'),
      networkError(),
    ],
    noCache: false,
  },
  {
    name: 'openai',
    llm: OPENAI_LLM,
    route: openaiRoute,
    ok: delayed(2, openaiVerdict(COMMON_QUOTE_VERDICT(QUOTE))),
    faults: [
      openaiError(429, { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after-ms': '20' }),
      openaiError(500, { message: 'The server had an error', type: 'server_error' }),
      openaiError(503, { message: 'The engine is currently overloaded', type: 'server_error' }),
      networkError(),
    ],
    noCache: true,
  },
];

/** Fails `rate` of all requests at random (seeded), with a retryable fault picked at random. */
function flaky(wire: FlakyWire, rate: number, seed: number): { reply: WireReply; failures: () => number } {
  const random = seededRandom(seed);
  let failures = 0;
  return {
    failures: () => failures,
    reply: (request) => {
      if (random() >= rate) return wire.ok(request);
      failures += 1;
      return (wire.faults[Math.floor(random() * wire.faults.length)] as WireReply)(request);
    },
  };
}

function expectOneOkVerdictEach(records: readonly ResultRecord[], count: number): void {
  const ids = records.map((record) => record.transcriptId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(records).toHaveLength(count);
  expect(records.filter((record) => record.status === 'ok')).toHaveLength(count);
  expect(new Set(ids)).toEqual(new Set(syntheticRecords(count).map((record) => record['id'])));
  expect(records.every((record) => record.evidence[0]?.start !== null)).toBe(true);
}

describe.each(FLAKY_WIRES)('llm-rubric at scale over $name', (wire) => {
  it('grades 1,000 transcripts against a provider failing 20% of requests: 1,000 ok verdicts, none twice', async () => {
    const provider = flaky(wire, 0.2, 20_251_127);
    const route = wire.route(provider.reply);
    server.use(route.handler);
    const waits = recordedSleep();
    // 10 retries: a request fails for good with probability 0.2^11 ≈ 2e-8, so no rerun is needed.
    const project = await llmProject({ llm: { ...wire.llm, concurrency: 32, retries: 10 }, records: syntheticRecords(1000), concurrency: 64 });

    const result = await runLlmLabel(project, { hooks: { sleep: waits.sleep }, noCache: wire.noCache });

    expectOneOkVerdictEach(await readResults(project.out), 1000);
    expect(route.count).toBe(1000 + provider.failures());
    expect(provider.failures()).toBeGreaterThan(150);
    expect(waits.delays).toHaveLength(provider.failures());
    expect(route.maxInFlight).toBeGreaterThan(1);
    expect(route.maxInFlight).toBeLessThanOrEqual(32);
    expect(result.run.perGrader['llm-rubric']).toEqual({ graded: 1000, alreadyDone: 0, gatedOut: 0, errors: 0 });
    expect(result.summaries[0]).toMatchObject({ labelled: 1000, errors: 0 });
  }, 120_000);
});

describe('an interrupted llm-rubric run', () => {
  it('leaves only whole records when aborted mid-run, and a rerun completes without duplicates', async () => {
    const route = anthropicRoute(delayed(5, anthropicVerdict(COMMON_QUOTE_VERDICT(QUOTE))));
    server.use(route.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, concurrency: 8 }, records: syntheticRecords(200), concurrency: 16 });
    const interrupt = new AbortController();
    let recorded = 0;

    const first = await runLlmLabel(project, {
      signal: interrupt.signal,
      onRecord: () => {
        recorded += 1;
        if (recorded === 50) interrupt.abort();
      },
    });

    expect(first.run.aborted).toBe(true);
    const partial = await readResults(project.out);
    expect(partial.length).toBeGreaterThanOrEqual(50);
    expect(partial.length).toBeLessThan(200);
    expect(partial.every((record) => record.status === 'ok')).toBe(true);
    const requestsBeforeRerun = route.count;

    const second = await runLlmLabel(project);

    expect(second.run.aborted).toBe(false);
    expect(second.run.perGrader['llm-rubric']?.alreadyDone).toBe(partial.length);
    expectOneOkVerdictEach(await readResults(project.out), 200);
    // Every transcript is asked about at most once more than it was answered: aborted requests may repeat, finished ones do not.
    expect(route.count - requestsBeforeRerun).toBeLessThanOrEqual(200 - partial.length);
  });

  it('sends no new request once aborted: queued requests are dropped', async () => {
    const route = anthropicRoute(delayed(5, anthropicVerdict(COMMON_QUOTE_VERDICT(QUOTE))));
    server.use(route.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, concurrency: 2 }, records: syntheticRecords(100), concurrency: 16 });
    const interrupt = new AbortController();
    let seenAtAbort = 0;

    const run = await runLlmLabel(project, {
      signal: interrupt.signal,
      onRecord: () => {
        seenAtAbort = route.count;
        interrupt.abort();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(run.run.aborted).toBe(true);
    // At most the two requests already on the wire (whose bodies msw was still reading) arrive late.
    expect(route.count).toBeLessThanOrEqual(seenAtAbort + 2);
    expect((await readResults(project.out)).length).toBeLessThan(100);
  });
});
