import { describe, expect, test } from 'vitest';
import { buildRatingTable, consensus, type RatingTable } from '../../src/stats/index.js';

function table(rows: Record<string, string>): RatingTable {
  return buildRatingTable(
    Object.entries(rows).flatMap(([item, row]) => [...row].map((label, r) => ({ item, rater: `h${r}`, label: label === '-' ? null : label }))),
    ['a', 'b', 'c'],
  );
}

describe('consensus', () => {
  const t = table({ clear: 'aab', tied: 'ab-', plural: 'aabc', empty: '---' });

  test('the most frequent label wins and ties stay unresolved', () => {
    const result = consensus(t);
    expect(result.map(({ item, label, source }) => [item, label, source])).toEqual([
      ['clear', 'a', 'majority'],
      ['tied', null, 'tie'],
      ['plural', 'a', 'majority'],
      ['empty', null, 'unrated'],
    ]);
    expect(result[0]!.votes).toEqual({ a: 2, b: 1 });
  });

  test('strict majority leaves a plurality of exactly half unresolved', () => {
    expect(consensus(t, { rule: 'strict-majority' })[2]).toMatchObject({ label: null, source: 'no-majority' });
  });

  test('an adjudicated label overrides the votes', () => {
    expect(consensus(t, { adjudicated: { tied: 'b', clear: 'c' } }).map(({ label }) => label)).toEqual(['c', 'b', 'a', null]);
  });

  test('counting only some raters changes the votes', () => {
    expect(consensus(t, { raters: ['h2'] })[0]).toMatchObject({ label: 'b', votes: { b: 1 } });
  });

  test('an adjudicated label outside the label set is rejected as a likely typo', () => {
    expect(() => consensus(t, { adjudicated: { clear: 'A' } })).toThrow(/not one of the labels/);
  });
});
