/**
 * An answer cut off at the token limit is named as such (with the setting to raise), instead of
 * surfacing as "does not fit the verdict schema".
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropicMessageBody, anthropicRoute, openaiChatBody, openaiRoute, useWireServer } from '../../providers/wire.js';
import { ANTHROPIC_LLM, fixtureRecord, llmProject, OPENAI_LLM, readResults, runLlmLabel } from './llm-run.js';

const server = useWireServer();

describe('an answer cut off at the token limit', () => {
  it('is recorded as cut off at maxTokens when Anthropic stops with stop_reason max_tokens', async () => {
    const cutOff = anthropicRoute(() =>
      HttpResponse.json(
        anthropicMessageBody({
          content: [{ type: 'tool_use', id: 'toolu_01CutOffCutOffCutOffCutOf', name: 'record_verdict', input: { reasoning: 'The scratchpad says it edits' } }],
          stop_reason: 'max_tokens',
        }),
      ),
    );
    server.use(cutOff.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, maxTokens: 300 }, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project);

    const [record] = await readResults(project.out);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_RESPONSE' });
    expect(record?.error).toBe('the answer was cut off at the token limit (stop_reason "max_tokens") before the verdict was complete: raise maxTokens in the llm settings of this grader');
    expect(record?.raw).toContain('The scratchpad says it edits');
  });

  it('is recorded as cut off at maxTokens when OpenAI stops with finish_reason length', async () => {
    const cutOff = openaiRoute(() => HttpResponse.json(openaiChatBody('{"reasoning":"The scratchpad says it ed', { finish_reason: 'length' })));
    server.use(cutOff.handler);
    const project = await llmProject({ llm: OPENAI_LLM, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project);

    const [record] = await readResults(project.out);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_RESPONSE', raw: '{"reasoning":"The scratchpad says it ed' });
    expect(record?.error).toBe('the answer was cut off at the token limit (finish_reason "length") before the verdict was complete: raise maxTokens in the llm settings of this grader');
  });
});
