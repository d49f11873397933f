import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resultRecord, type UsageRecord, type Verdict } from '../../src/grading/verdict.js';
import { summarizeResults } from '../../src/summary/results-summary.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

const ok = (label: string, flags?: string[]): Verdict => ({ status: 'ok', label, evidence: [], ...(flags ? { flags } : {}) });
const abstain: Verdict = { status: 'abstain', reason: 'unsure', evidence: [] };
const error: Verdict = { status: 'error', error: 'timeout' };
const row = (transcriptId: string, verdict: Verdict, grader = 'g', usage?: UsageRecord) =>
  resultRecord(verdict, { transcriptId, grader, rubric: 'tiny', ...(usage ? { usage } : {}) });
const usage = (costUsd: number | null): UsageRecord => ({ requests: 1, cachedResponses: 0, inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd });

async function summarize(lines: string, order: Record<string, string[]> = { tiny: ['yes', 'no'] }) {
  const file = join(await tempDir(), 'results.jsonl');
  await writeFile(file, lines);
  return summarizeResults(file, new Map(Object.entries(order)));
}

describe('summarizeResults', () => {
  test('counts labels per grader, with abstentions apart from the labelled denominator', async () => {
    const [summary] = await summarize(jsonl([row('t1', ok('yes')), row('t2', ok('no')), row('t3', ok('yes')), row('t4', abstain)]));
    expect(summary).toMatchObject({ grader: 'g', rubric: 'tiny', labelled: 3, abstained: 1, errors: 0 });
    expect(summary?.labels.map((label) => [label.label, label.count, label.share])).toEqual([
      ['yes', 2, 2 / 3],
      ['no', 1, 1 / 3],
    ]);
  });

  test("lists every rubric label in the rubric's order, unused ones with 0 and their interval", async () => {
    const [summary] = await summarize(jsonl([row('t1', ok('no'))]), { tiny: ['yes', 'no', 'maybe'] });
    expect(summary?.labels.map((label) => [label.label, label.count])).toEqual([
      ['yes', 0],
      ['no', 1],
      ['maybe', 0],
    ]);
    // 0 of 1: the exact upper bound is 1 − 0.025^(1/1) = 0.975.
    expect(summary?.labels[0]?.ci95[0]).toBe(0);
    expect(summary?.labels[0]?.ci95[1]).toBeCloseTo(0.975, 12);
  });

  test('an error later followed by a success counts as the success only', async () => {
    const [summary] = await summarize(jsonl([row('t1', error), row('t1', ok('yes')), row('t2', error)]));
    expect(summary).toMatchObject({ labelled: 1, errors: 1 });
  });

  test('two errors for one pair count as one error', async () => {
    const [summary] = await summarize(jsonl([row('t1', error), row('t1', error)]));
    expect(summary?.errors).toBe(1);
  });

  test('a duplicate final record of a pair counts once, but its usage is still added (it was paid for)', async () => {
    const [summary] = await summarize(jsonl([row('t1', ok('yes'), 'g', usage(0.01)), row('t1', ok('no'), 'g', usage(0.01))]));
    expect(summary).toMatchObject({ labelled: 1, labels: [expect.objectContaining({ label: 'yes', count: 1 }), expect.objectContaining({ label: 'no', count: 0 })] });
    expect(summary?.usage).toMatchObject({ requests: 2, inputTokens: 200, costUsd: 0.02 });
  });

  test('one record without a price makes the total cost unknown', async () => {
    const [summary] = await summarize(jsonl([row('t1', ok('yes'), 'g', usage(0.01)), row('t2', ok('yes'), 'g', usage(null))]));
    expect(summary?.usage.costUsd).toBeNull();
  });

  test('counts flags across the verdicts that carry them', async () => {
    const [summary] = await summarize(jsonl([row('t1', ok('yes', ['emptyInput'])), row('t2', ok('no', ['emptyInput', 'unverifiedEvidence']))]));
    expect(summary?.flags).toEqual({ emptyInput: 2, unverifiedEvidence: 1 });
  });

  test('keeps graders apart, in order of first appearance', async () => {
    const summaries = await summarize(jsonl([row('t1', ok('yes'), 'b'), row('t1', ok('no'), 'a')]));
    expect(summaries.map((summary) => [summary.grader, summary.labelled])).toEqual([
      ['b', 1],
      ['a', 1],
    ]);
  });

  test('skips lines that are not JSON records', async () => {
    const summaries = await summarize(`not json\n${JSON.stringify(row('t1', ok('yes')))}\n{"other":"shape"}\n`);
    expect(summaries.map((summary) => summary.labelled)).toEqual([1]);
  });

  test('a results file that does not exist yet summarizes to nothing', async () => {
    expect(await summarizeResults(join(await tempDir(), 'none.jsonl'))).toEqual([]);
  });
});
