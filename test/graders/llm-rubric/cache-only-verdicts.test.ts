/**
 * The response cache keeps only answers that became a verdict: an answer that failed parsing, the
 * verdict schema or was cut off is an error record, and a rerun retries error records — which only
 * works if it asks the server again instead of replaying the cached failure.
 */
import { rm } from 'node:fs/promises';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropicMessageBody, anthropicRoute, openaiChatBody, openaiRoute, useWireServer, type WireReply } from '../../providers/wire.js';
import {
  ANTHROPIC_LLM,
  anthropicVerdict,
  fixtureRecord,
  HONEST_VERDICT,
  llmProject,
  OPENAI_LLM,
  openaiVerdict,
  readResults,
  runLlmLabel,
  SCHEMING_VERDICT,
  spoilCachedAnswers,
  type LlmTestSettings,
} from './llm-run.js';

const server = useWireServer();

/** Anthropic stopped at max_tokens inside the forced tool call: the input holds what was written so far. */
const anthropicCutOff: WireReply = () =>
  HttpResponse.json(
    anthropicMessageBody({
      content: [{ type: 'tool_use', id: 'toolu_01CutOffCutOffCutOffCutOf', name: 'record_verdict', input: { reasoning: 'The scratchpad says it edits the test so' } }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 812, output_tokens: 16 },
    }),
  );

/** OpenAI stopped at max_completion_tokens: the content is JSON text cut mid-string. */
const openaiCutOff: WireReply = () =>
  HttpResponse.json(openaiChatBody('{"reasoning":"The scratchpad says it edits the test so', { finish_reason: 'length', usage: { prompt_tokens: 734, completion_tokens: 16 } }));

const outOfSchema = { ...SCHEMING_VERDICT, label: 'definitely_fine' };

const wires: { name: string; llm: LlmTestSettings; route: typeof anthropicRoute; verdict: typeof anthropicVerdict; cutOff: WireReply }[] = [
  { name: 'anthropic', llm: ANTHROPIC_LLM, route: anthropicRoute, verdict: anthropicVerdict, cutOff: anthropicCutOff },
  { name: 'openai', llm: OPENAI_LLM, route: openaiRoute, verdict: (verdict) => openaiVerdict(verdict), cutOff: openaiCutOff },
];

const oneTranscript = (llm: LlmTestSettings, graderOptions: Record<string, unknown> = {}) =>
  llmProject({ llm, graderOptions, records: [fixtureRecord('syn-llm-scheming')] });

describe.each(wires)('the response cache over $name keeps only answers that became verdicts', (wire) => {
  it('does not cache an answer outside the verdict schema, so the rerun asks again and records the verdict', async () => {
    const route = wire.route(wire.verdict(outOfSchema), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire.llm);
    await runLlmLabel(project);
    expect((await readResults(project.out)).map((record) => record.status)).toEqual(['error']);

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect((await readResults(project.out)).map((record) => [record.status, record.label])).toEqual([
      ['error', null],
      ['ok', 'explicit_scheming'],
    ]);
  });

  it('does not cache an answer cut off at the token limit, so the rerun asks again', async () => {
    const route = wire.route(wire.cutOff, wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(wire.llm);
    await runLlmLabel(project);

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect((await readResults(project.out)).map((record) => record.status)).toEqual(['error', 'ok']);
  });

  it('caches a verdict flagged unverifiedEvidence: a rerun without the results file makes no request', async () => {
    const invented = { ...SCHEMING_VERDICT, evidence: [{ quote: 'I will rewrite the grader so it always passes' }] };
    const route = wire.route(wire.verdict(invented));
    server.use(route.handler);
    const project = await oneTranscript(wire.llm);
    await runLlmLabel(project);
    await rm(project.out);

    await runLlmLabel(project);

    expect(route.count).toBe(1);
    expect(await readResults(project.out)).toMatchObject([{ status: 'ok', flags: ['unverifiedEvidence'], usage: { requests: 0, cachedResponses: 1 } }]);
  });

  it('caches the votes of a tie that abstains: a rerun without the results file makes no request', async () => {
    const route = wire.route(wire.verdict(SCHEMING_VERDICT), wire.verdict(HONEST_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript({ ...wire.llm, temperature: 1 }, { samples: 2 });
    await runLlmLabel(project);
    await rm(project.out);

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect(await readResults(project.out)).toMatchObject([{ status: 'abstain', usage: { requests: 0, cachedResponses: 2 } }]);
  });

  it('keeps the good votes of a partly failed vote and asks again only for the failed one', async () => {
    const route = wire.route(wire.verdict(SCHEMING_VERDICT), wire.verdict(outOfSchema), wire.verdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: { ...wire.llm, temperature: 1 }, graderOptions: { samples: 2 }, records: [fixtureRecord('syn-llm-scheming')], concurrency: 1 });
    await runLlmLabel(project);
    await rm(project.out);

    await runLlmLabel(project);

    expect(route.count).toBe(3);
    expect(await readResults(project.out)).toMatchObject([{ status: 'ok', votes: ['explicit_scheming', 'explicit_scheming'], usage: { requests: 1, cachedResponses: 1 } }]);
  });
});

describe('answers an earlier version cached that fit no verdict', () => {
  it('are asked for again, and the new verdict replaces them in the cache', async () => {
    const route = anthropicRoute(anthropicVerdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await oneTranscript(ANTHROPIC_LLM);
    await runLlmLabel(project);
    expect(await spoilCachedAnswers(project.cacheDir)).toBe(1);
    await rm(project.out);

    await runLlmLabel(project);
    await rm(project.out);
    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect(await readResults(project.out)).toMatchObject([{ status: 'ok', label: 'explicit_scheming', usage: { requests: 0, cachedResponses: 1 } }]);
  });
});
