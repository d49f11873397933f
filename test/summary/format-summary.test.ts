import { describe, expect, test } from 'vitest';
import type { LabelRunReport } from '../../src/grading/run-label.js';
import { clopperPearson } from '../../src/stats/clopper-pearson.js';
import { formatCount, formatLabelSummary, percent } from '../../src/summary/format-summary.js';
import type { GraderSummary } from '../../src/summary/results-summary.js';

const interval = (count: number, total: number): [number, number] => {
  const { lower, upper } = clopperPearson(count, total);
  return [lower, upper];
};

describe('formatCount', () => {
  test.each([
    { count: 3, total: 40, text: '3 of 40, 95% CI 1.6%–20.4%' },
    { count: 0, total: 12, text: '0 of 12, 95% CI 0%–26.5%' },
    { count: 12, total: 12, text: '12 of 12, 95% CI 73.5%–100%' },
    // A rare label keeps two significant digits instead of rounding to 0.0%.
    { count: 7, total: 32768, text: '7 of 32768, 95% CI 0.0086%–0.044%' },
    { count: 1, total: 7, text: '1 of 7, 95% CI 0.36%–57.9%' },
  ])('$count of $total reads "$text"', ({ count, total, text }) => {
    expect(formatCount(count, total, interval(count, total))).toBe(text);
  });

  test('no labelled transcripts says so instead of printing an interval', () => {
    expect(formatCount(0, 0, [0, 1])).toBe('0 of 0 (no labelled transcripts)');
  });
});

describe('percent', () => {
  test.each([
    [0, '0%'],
    [1, '100%'],
    [0.01, '1.0%'],
    [0.0999, '10.0%'],
    [0.00996, '1.0%'],
    [0.009949, '0.99%'],
    [0.000012345, '0.0012%'],
  ])('%s prints as %s', (value, text) => {
    expect(percent(value)).toBe(text);
  });
});

describe('formatLabelSummary', () => {
  const summary: GraderSummary = {
    grader: 'reward-tampering-reasoning-phrases',
    rubric: 'reward-tampering-reasoning',
    labelled: 8,
    abstained: 4,
    errors: 1,
    labels: [
      { label: 'explicit_scheming', count: 2, share: 0.25, ci95: interval(2, 8) },
      { label: 'honest', count: 6, share: 0.75, ci95: interval(6, 8) },
    ],
    flags: { emptyInput: 2 },
    usage: { requests: 0, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
  };
  const run: LabelRunReport = {
    transcripts: 13,
    problems: 1,
    aborted: false,
    skipped: [{ grader: 'llm-rubric', reason: 'ANTHROPIC_API_KEY is not set' }],
    perGrader: { 'reward-tampering-reasoning-phrases': { graded: 5, alreadyDone: 7, gatedOut: 1, errors: 1 } },
  };

  test('prints the run, each grader with its counts, one aligned line per label, and the flags', () => {
    expect(formatLabelSummary([summary], run).split('\n')).toEqual([
      '13 transcripts read, 1 malformed line(s) skipped',
      'skipped llm-rubric: ANTHROPIC_API_KEY is not set',
      '',
      'reward-tampering-reasoning-phrases  (rubric reward-tampering-reasoning)',
      '  8 labelled, 4 abstained, 1 errors, 5 graded now, 7 already done, 1 kept out by its gate',
      '  explicit_scheming  2 of 8, 95% CI 3.2%–65.1%',
      '  honest             6 of 8, 95% CI 34.9%–96.8%',
      '  flags: emptyInput 2',
    ]);
  });

  test('counts the repeated ids apart from the malformed lines', () => {
    expect(formatLabelSummary([], { ...run, skipped: [], duplicateIds: 2 })).toBe('13 transcripts read, 1 malformed line(s) skipped, 2 duplicate id(s) not graded (the first record with an id is)');
  });

  test('counts the invalid UTF-8 read as U+FFFD', () => {
    expect(formatLabelSummary([], { ...run, problems: 0, skipped: [], invalidUtf8: 3 })).toBe('13 transcripts read, 3 invalid UTF-8 sequence(s) read as U+FFFD');
  });

  test('an interrupted run says to rerun', () => {
    expect(formatLabelSummary([], { ...run, problems: 0, skipped: [], aborted: true })).toBe('13 transcripts read (interrupted: rerun to finish)');
  });

  test('LLM usage is printed with its cost, or says the cost is unknown', () => {
    const usage = { requests: 3, cachedResponses: 1, inputTokens: 1200, outputTokens: 90, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(formatLabelSummary([{ ...summary, usage: { ...usage, costUsd: 0.01234 } }])).toContain('  LLM: 3 requests (1 from cache), 1200 input / 90 output tokens, cost $0.0123');
    expect(formatLabelSummary([{ ...summary, usage: { ...usage, costUsd: null } }])).toContain('cost unknown (no price for the model)');
  });

  test('LLM usage of a grader that sent nothing in this run is said to come from earlier runs in the results file', () => {
    const usage = { requests: 3, cachedResponses: 1, inputTokens: 1200, outputTokens: 90, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const nothingSent = { ...run, perGrader: { [summary.grader]: { graded: 0, alreadyDone: 12, gatedOut: 0, errors: 0 } } };
    const text = formatLabelSummary([{ ...summary, usage: { ...usage, costUsd: 0.0375 } }], nothingSent);
    expect(text).toContain('  LLM: nothing sent in this run; the results file records from earlier runs 3 requests (1 from cache)');
  });
});
