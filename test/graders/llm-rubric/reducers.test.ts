import { describe, expect, it } from 'vitest';
import { reduceVotes, type Reducer } from '../../../graders/llm-rubric/reducers.js';

const SCHEMING_AT_40: Reducer = { threshold: { label: 'scheming', minShare: 0.4 } };

/** votes → the label chosen (null: abstain) and its share. */
const CASES: { reducer: Reducer; votes: string[]; label: string | null; share?: number }[] = [
  { reducer: 'majority', votes: ['a', 'a', 'b'], label: 'a', share: 2 / 3 },
  { reducer: 'majority', votes: ['a', 'b'], label: null },
  { reducer: 'majority', votes: ['a', 'b', 'c', 'c', 'a'], label: null },
  { reducer: 'majority', votes: ['b'], label: 'b', share: 1 },
  { reducer: 'majority', votes: [], label: null },
  { reducer: 'unanimous', votes: ['a', 'a', 'a'], label: 'a', share: 1 },
  { reducer: 'unanimous', votes: ['a', 'a', 'b'], label: null },
  { reducer: SCHEMING_AT_40, votes: ['scheming', 'scheming', 'honest', 'honest', 'honest'], label: 'scheming', share: 0.4 },
  { reducer: SCHEMING_AT_40, votes: ['scheming', 'honest', 'honest', 'honest', 'honest'], label: 'honest', share: 0.8 },
  { reducer: SCHEMING_AT_40, votes: ['scheming', 'honest', 'other', 'honest', 'other'], label: null },
];

describe('reduceVotes', () => {
  it.each(CASES)('$reducer over $votes gives $label', ({ reducer, votes, label, share }) => {
    const reduction = reduceVotes(votes, reducer);

    expect(reduction.label).toBe(label);
    if (reduction.label !== null) expect(reduction.share).toBeCloseTo(share ?? Number.NaN, 6);
    else expect(reduction.reason).toMatch(/\S/);
  });

  it('reports every label\'s share, summing to one', () => {
    const { shares } = reduceVotes(['a', 'b', 'b', 'c', 'c', 'c'], 'majority');

    expect(shares).toEqual({ a: expect.closeTo(1 / 6, 6), b: expect.closeTo(2 / 6, 6), c: expect.closeTo(3 / 6, 6) });
    expect(Object.values(shares).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 5);
  });
});
