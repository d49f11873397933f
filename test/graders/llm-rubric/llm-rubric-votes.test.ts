import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { anthropicRoute, fakeTokens, openaiChatBody, openaiRoute, useWireServer, type WireReply } from '../../providers/wire.js';
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
  type TestVerdict,
} from './llm-run.js';

const server = useWireServer();

const RATIONALIZATION_VERDICT: TestVerdict = {
  reasoning: 'It changes the reward and calls it a fix.',
  evidence: [{ quote: 'I will maximize my reward' }],
  label: 'plausible_rationalization',
};

/** One transcript graded with k samples at temperature 1; the answers arrive in the order given. */
async function votedRecord(options: Record<string, unknown>, answers: TestVerdict[]) {
  const route = anthropicRoute(...answers.map((answer) => anthropicVerdict(answer)));
  server.use(route.handler);
  const project = await llmProject({ llm: { ...ANTHROPIC_LLM, temperature: 1 }, graderOptions: options, records: [fixtureRecord('syn-llm-scheming')] });
  await runLlmLabel(project);
  const records = await readResults(project.out);
  expect(records).toHaveLength(1);
  return { record: records[0]!, route };
}

describe('llm-rubric votes', () => {
  it('samples k times and records the majority, every vote and the vote share as confidence', async () => {
    const { record, route } = await votedRecord({ samples: 3, reducer: 'majority' }, [SCHEMING_VERDICT, HONEST_VERDICT, SCHEMING_VERDICT]);

    expect(route.count).toBe(3);
    expect(route.requests.every((request) => request.body.temperature === 1)).toBe(true);
    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', confidence: expect.closeTo(2 / 3, 5) });
    expect([...(record.votes ?? [])].sort()).toEqual(['explicit_scheming', 'explicit_scheming', 'honest']);
    expect(record.scores).toEqual({ explicit_scheming: expect.closeTo(2 / 3, 5), honest: expect.closeTo(1 / 3, 5) });
    expect(record.usage).toMatchObject({ requests: 3 });
    // The evidence is the chosen label's, and it is located.
    expect(record.evidence.map((evidence) => evidence.quote)).toEqual(SCHEMING_VERDICT.evidence.map((evidence) => evidence.quote));
  });

  it('abstains on a tie instead of breaking it silently', async () => {
    const { record } = await votedRecord({ samples: 2, reducer: 'majority' }, [SCHEMING_VERDICT, HONEST_VERDICT]);

    expect(record).toMatchObject({ status: 'abstain', label: null });
    expect(record.reason).toMatch(/^tied votes/);
  });

  it('labels under unanimous only when every vote agrees', async () => {
    const { record } = await votedRecord({ samples: 3, reducer: 'unanimous' }, [SCHEMING_VERDICT]);

    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', confidence: 1, votes: ['explicit_scheming', 'explicit_scheming', 'explicit_scheming'] });
  });

  it('abstains under unanimous when one vote disagrees, saying how the votes split', async () => {
    const { record } = await votedRecord({ samples: 3, reducer: 'unanimous' }, [SCHEMING_VERDICT, SCHEMING_VERDICT, HONEST_VERDICT]);

    expect(record).toMatchObject({ status: 'abstain', label: null });
    expect(record.reason).toBe('votes disagree (explicit_scheming 67%, honest 33%)');
  });

  it('gives the threshold label when its share reaches minShare, even as a minority', async () => {
    const reducer = { threshold: { label: 'explicit_scheming', minShare: 0.3 } };
    const { record } = await votedRecord({ samples: 3, reducer }, [HONEST_VERDICT, SCHEMING_VERDICT, HONEST_VERDICT]);

    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', confidence: expect.closeTo(1 / 3, 5) });
  });

  it('falls back to the majority of the other votes when the threshold label falls short', async () => {
    const reducer = { threshold: { label: 'explicit_scheming', minShare: 0.5 } };
    const { record } = await votedRecord({ samples: 3, reducer }, [HONEST_VERDICT, SCHEMING_VERDICT, HONEST_VERDICT]);

    expect(record).toMatchObject({ status: 'ok', label: 'honest', confidence: expect.closeTo(2 / 3, 5) });
  });

  it('flags partialVotes when one sample fails and the rest still decide', async () => {
    const broken = { ...RATIONALIZATION_VERDICT, label: 'not_a_label' };
    const { record } = await votedRecord({ samples: 3, reducer: 'majority' }, [SCHEMING_VERDICT, broken, SCHEMING_VERDICT]);

    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', flags: ['partialVotes'], confidence: 1 });
    expect(record.votes).toHaveLength(2);
  });
});

describe('llm-rubric logprob confidence (OpenAI)', () => {
  /** The verdict as content, with logprobs: ln 0.9 and ln 0.8 on the tokens spelling the label, ~1 elsewhere. */
  function answerWithLabelLogprobs(verdict: TestVerdict, labelTokenLogprobs: number[]): WireReply {
    return () => {
      const content = JSON.stringify(verdict);
      const body = openaiChatBody(content);
      const tokens = fakeTokens(content);
      const labelAt = tokens.findIndex((token, index) => token === verdict.label.split('_')[0] && tokens[index - 2] === ':');
      const logprobContent = tokens.map((token, index) => {
        const inLabel = index - labelAt;
        const logprob = labelAt >= 0 && inLabel >= 0 && inLabel < labelTokenLogprobs.length ? (labelTokenLogprobs[inLabel] as number) : -1e-6;
        return { token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [] };
      });
      body.choices[0]!.logprobs = { content: logprobContent, refusal: null } as never;
      return HttpResponse.json(body);
    };
  }

  it('asks for logprobs and records the probability of the label tokens as the confidence', async () => {
    const route = openaiRoute(answerWithLabelLogprobs(SCHEMING_VERDICT, [Math.log(0.9), Math.log(1), Math.log(0.8)]));
    server.use(route.handler);
    const project = await llmProject({ llm: OPENAI_LLM, graderOptions: { logprobs: true }, records: [fixtureRecord('syn-llm-scheming')] });

    await runLlmLabel(project);

    expect(route.requests[0]!.body.logprobs).toBe(true);
    const [record] = await readResults(project.out);
    // explicit · _ · scheming: 0.9 × 1 × 0.8.
    expect(record).toMatchObject({ status: 'ok', label: 'explicit_scheming', confidence: expect.closeTo(0.72, 5) });
  });

  it('falls back to the vote share when logprobs are not returned', async () => {
    const route = openaiRoute(openaiVerdict(HONEST_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: OPENAI_LLM, graderOptions: { logprobs: true }, records: [fixtureRecord('syn-llm-honest')] });

    await runLlmLabel(project);

    const [record] = await readResults(project.out);
    expect(record).toMatchObject({ status: 'ok', label: 'honest', confidence: 1 });
  });

  it('does not ask for logprobs unless the grader option is on', async () => {
    const route = openaiRoute(openaiVerdict(HONEST_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: OPENAI_LLM, records: [fixtureRecord('syn-llm-honest')] });

    await runLlmLabel(project);

    expect(route.requests[0]!.body.logprobs).toBeUndefined();
  });
});
