import { describe, expect, it } from 'vitest';
import { labelProbability } from '../../../graders/llm-rubric/logprob-confidence.js';

const tokens = (pairs: [string, number][]) => pairs.map(([token, logprob]) => ({ token, logprob }));

describe('labelProbability', () => {
  it('multiplies the probabilities of the tokens that spell the label value', () => {
    const stream = tokens([['{"reasoning":"x","label":"', -0.01], ['plaus', Math.log(0.5)], ['ible_rationalization', Math.log(0.9)], ['"}', -0.2]]);

    expect(labelProbability(stream, 'plausible_rationalization')).toBeCloseTo(0.45, 6);
  });

  it('counts a token that straddles the value and the quote around it', () => {
    const stream = tokens([['{"label', -0.1], ['":"hon', Math.log(0.7)], ['est"}', Math.log(0.8)]]);

    expect(labelProbability(stream, 'honest')).toBeCloseTo(0.56, 6);
  });

  it('ignores the label word where it appears inside the reasoning text', () => {
    const stream = tokens([['{"reasoning":"not honest at all","label":"', -0.3], ['explicit_scheming', Math.log(0.6)], ['"}', 0]]);

    expect(labelProbability(stream, 'explicit_scheming')).toBeCloseTo(0.6, 6);
  });

  it('is null when the label is not in the token stream', () => {
    expect(labelProbability(tokens([['{"label":"honest"}', -0.1]]), 'explicit_scheming')).toBeNull();
  });
});
