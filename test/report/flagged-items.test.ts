import { describe, expect, test } from 'vitest';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { flaggedItems } from '../../src/report/flagged-items.js';
import type { ConsensusItem } from '../../src/stats/index.js';

const record = (transcriptId: string, grader: string, extra: Partial<ResultRecord>): ResultRecord => ({
  transcriptId,
  grader,
  rubric: 'r',
  status: 'ok',
  label: 'yes',
  evidence: [],
  gradedAt: '2026-01-01T00:00:00Z',
  ...extra,
});

function byGrader(records: ResultRecord[]): Map<string, Map<string, ResultRecord>> {
  const map = new Map<string, Map<string, ResultRecord>>();
  for (const one of records) map.set(one.grader, new Map([...(map.get(one.grader) ?? []), [one.transcriptId, one]]));
  return map;
}

const consensus = (item: string, label: string | null): ConsensusItem => ({ item, label, source: label === null ? 'tie' : 'majority', votes: {} });
const reference = (...items: ConsensusItem[]) => ({ rubric: 'r', consensus: new Map(items.map((item) => [item.item, item])) });

describe('flaggedItems', () => {
  test('flags a grader label that differs from the consensus', () => {
    const flagged = flaggedItems(byGrader([record('a', 'g', { label: 'no' })]), reference(consensus('a', 'yes')));
    expect(flagged.map((item) => [item.transcriptId, item.reasons.map((reason) => reason.kind)])).toEqual([['a', ['disagreement']]]);
    expect(flagged[0]!.reasons[0]!.detail).toBe('g says no; the consensus (majority) is yes');
  });

  test('does not flag agreement, a tie, or an item without a consensus', () => {
    const results = byGrader([record('a', 'g', {}), record('b', 'g', { label: 'no' }), record('c', 'g', { label: 'no' })]);
    expect(flaggedItems(results, reference(consensus('a', 'yes'), consensus('b', null)))).toEqual([]);
  });

  test('flags unverified evidence, injection attempts and errors, disagreements first', () => {
    const results = byGrader([
      record('err', 'g', { status: 'error', label: null, error: 'overloaded' }),
      record('inj', 'g', { flags: ['promptInjection'] }),
      record('unv', 'g', { flags: ['unverifiedEvidence'], evidence: [{ quote: 'q', start: null, end: null }] }),
      record('dis', 'g', { label: 'no' }),
      record('fine', 'g', { flags: ['partialVotes'] }),
    ]);
    const flagged = flaggedItems(results, reference(consensus('dis', 'yes')));
    expect(flagged.map((item) => [item.transcriptId, item.reasons[0]!.kind])).toEqual([
      ['dis', 'disagreement'],
      ['inj', 'promptInjection'],
      ['unv', 'unverifiedEvidence'],
      ['err', 'error'],
    ]);
    expect(flagged.find((item) => item.transcriptId === 'unv')!.reasons[0]!.detail).toBe('g cites a quote not found in the transcript');
  });

  test('compares only verdicts on the rubric of the consensus', () => {
    expect(flaggedItems(byGrader([record('a', 'g', { label: 'no', rubric: 'other' })]), reference(consensus('a', 'yes')))).toEqual([]);
  });

  test("keeps every grader's record of a flagged item", () => {
    const flagged = flaggedItems(byGrader([record('a', 'g', { flags: ['promptInjection'] }), record('a', 'h', {})]));
    expect(flagged[0]!.records.map((one) => one.grader)).toEqual(['g', 'h']);
  });
});
