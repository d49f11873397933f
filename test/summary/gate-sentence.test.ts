import { describe, expect, test } from 'vitest';
import { formatLabelSummary, gateSentence } from '../../src/summary/format-summary.js';
import type { LabelRunReport } from '../../src/grading/run-label.js';
import type { GraderSummary } from '../../src/summary/results-summary.js';

describe('gateSentence: the prefilter in words a paper can quote', () => {
  test('an LLM grader behind a gate: candidates of all transcripts, and how many the gate kept out', () => {
    expect(gateSentence({ graded: 40, alreadyDone: 3, gatedOut: 32_723, errors: 2 }, { llm: true, gatedOn: 'reward-tampering-actions' }, 32_768)).toBe(
      'LLM-graded 45 candidates of 32,768; 32,723 kept out by the gate on reward-tampering-actions',
    );
  });

  test('a heuristic grader behind a gate says graded, and one candidate is singular', () => {
    expect(gateSentence({ graded: 1, alreadyDone: 0, gatedOut: 11, errors: 0 }, { llm: false, gatedOn: 'first' }, 12)).toBe('graded 1 candidate of 12; 11 kept out by the gate on first');
  });

  test('transcripts still waiting for batch answers are named, not silently left out', () => {
    expect(gateSentence({ graded: 0, alreadyDone: 0, gatedOut: 7, errors: 0, deferred: 4, waitingOnGate: 1 }, { llm: true, gatedOn: 'g' }, 12)).toBe(
      'LLM-graded 0 candidates of 12; 7 kept out by the gate on g; 5 waiting for batch answers',
    );
  });

  test('the label summary prints the sentence under a gated grader when the run says how it was gated', () => {
    const summary: GraderSummary = {
      grader: 'llm-rubric',
      rubric: 'reward-tampering-reasoning',
      labelled: 45,
      abstained: 0,
      errors: 0,
      labels: [],
      flags: {},
      usage: { requests: 0, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
    };
    const run: LabelRunReport = {
      transcripts: 32_768,
      problems: 0,
      aborted: false,
      skipped: [],
      perGrader: { 'llm-rubric': { graded: 45, alreadyDone: 0, gatedOut: 32_723, errors: 0 } },
      stages: { 'llm-rubric': { llm: true, gatedOn: 'reward-tampering-actions' } },
    };
    expect(formatLabelSummary([summary], run).split('\n')).toContain('  LLM-graded 45 candidates of 32,768; 32,723 kept out by the gate on reward-tampering-actions');
  });
});
