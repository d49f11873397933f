import type { TokenLogprob } from '../../src/providers/types.js';

/**
 * The probability the model gave its own label, from OpenAI token log-probabilities: the tokens
 * that spell the label's value in the JSON output, their log-probabilities summed. Null when the
 * label cannot be found in the token stream (then the vote share is the only confidence).
 */
export function labelProbability(logprobs: readonly TokenLogprob[], label: string): number | null {
  let text = '';
  const starts: number[] = [];
  for (const token of logprobs) {
    starts.push(text.length);
    text += token.token;
  }
  const match = new RegExp(`"label"\\s*:\\s*"(${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})"`).exec(text);
  if (match === null) return null;
  const valueStart = match.index + match[0].indexOf('"', match[0].indexOf(':')) + 1;
  const valueEnd = valueStart + label.length;
  let sum = 0;
  logprobs.forEach((token, index) => {
    const start = starts[index] as number;
    const end = start + token.token.length;
    if (end > valueStart && start < valueEnd) sum += token.logprob;
  });
  return Math.exp(sum);
}
