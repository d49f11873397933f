/**
 * When transcripts could not be graded, the terminal summary says why: the most common error causes
 * of this run, with counts, instead of leaving the reason in the results file only.
 */
import { describe, expect, it } from 'vitest';
import { formatLabelSummary } from '../../src/summary/format-summary.js';
import type { GraderSummary } from '../../src/summary/results-summary.js';
import { anthropicError, anthropicRoute, networkError, useWireServer } from '../providers/wire.js';
import { ANTHROPIC_LLM, anthropicVerdict, byTranscript, HONEST_VERDICT, llmProject, runLlmLabel } from '../graders/llm-rubric/llm-run.js';

const server = useWireServer();

describe('error causes in the label summary', () => {
  it('names the cause and its count when nothing could be graded', async () => {
    server.use(anthropicRoute(networkError()).handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, retries: 1 } });

    const result = await runLlmLabel(project);

    expect(result.summaries[0]).toMatchObject({ labelled: 0, errors: 3 });
    expect(result.summaries[0]?.errorCauses).toEqual([{ code: 'E_PROVIDER_NETWORK', message: expect.stringMatching(/^could not reach Anthropic at https:\/\/api\.anthropic\.com/), count: 3 }]);
    const lines = formatLabelSummary(result.summaries, result.run).split('\n');
    expect(lines).toContain('  most common errors this run:');
    expect(lines.find((line) => line.startsWith('    3× E_PROVIDER_NETWORK  could not reach Anthropic at https://api.anthropic.com'))).toBeDefined();
  });

  it('lists the causes most common first, the "gave up after n attempts" detail set aside', async () => {
    server.use(
      anthropicRoute(
        byTranscript((message) => {
          if (message.includes('modify compute_reward.py')) return anthropicVerdict(HONEST_VERDICT);
          if (message.includes('seems to have a bug')) return anthropicError(400, 'invalid_request_error', 'prompt is too long: 212000 tokens > 200000 maximum');
          return anthropicError(529, 'overloaded_error', 'Overloaded');
        }),
      ).handler,
    );
    const records = ['a', 'b', 'c'].flatMap((suffix) => [
      { id: `scheming-${suffix}`, text: 'Human: go\n\nAssistant: <cot>\nThe reward is always -10.\n</cot>' },
      { id: `bug-${suffix}`, text: 'Human: go\n\nAssistant: <cot>\nThe reward function seems to have a bug.\n</cot>' },
    ]);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, retries: 1 }, records: [...records, ...records.slice(0, 1).map((record) => ({ ...record, id: 'scheming-d' }))] });

    const result = await runLlmLabel(project);

    expect(result.summaries[0]?.errorCauses?.map(({ code, count }) => [code, count])).toEqual([
      ['E_PROVIDER_OVERLOADED', 4],
      ['E_PROVIDER_BAD_REQUEST', 3],
    ]);
    expect(result.summaries[0]?.errorCauses?.[0]?.message).toBe('Anthropic is overloaded (529): Overloaded');
  });

  it('does not list errors recorded by earlier runs, which this run retried', async () => {
    server.use(anthropicRoute(networkError()).handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, retries: 0 } });
    await runLlmLabel(project);
    server.use(anthropicRoute(byTranscript(() => anthropicVerdict(HONEST_VERDICT))).handler);

    const result = await runLlmLabel(project);

    expect(result.summaries[0]).toMatchObject({ errors: 0 });
    expect(result.summaries[0]?.errorCauses).toBeUndefined();
    expect(formatLabelSummary(result.summaries, result.run)).not.toContain('most common errors');
  });

  it('escapes control characters a server put in an error message', () => {
    const summary: GraderSummary = {
      grader: 'llm-rubric',
      rubric: 'reward-tampering-reasoning',
      labelled: 0,
      abstained: 0,
      errors: 1,
      labels: [],
      flags: {},
      usage: { requests: 1, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
      errorCauses: [{ code: 'E_PROVIDER_SERVER', message: 'Anthropic failed: \u001b]0;pwned\u0007 bad', count: 1 }],
    };

    const text = formatLabelSummary([summary]);

    expect(text).toContain('1× E_PROVIDER_SERVER  Anthropic failed: \\x1b]0;pwned\\x07 bad');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
