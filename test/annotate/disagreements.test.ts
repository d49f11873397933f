import { describe, expect, test } from 'vitest';
import { itemsWithDisagreement } from '../../src/annotate/disagreements.js';

const rating = (item: string, rater: string, label: string, adjudicated?: boolean) => ({ item, rater, label, ...(adjudicated ? { adjudicated } : {}) });

describe('itemsWithDisagreement', () => {
  test('lists the items whose raters gave different labels, in the order given', () => {
    const ratings = [rating('b', 'x', 'yes'), rating('b', 'y', 'no'), rating('a', 'x', 'yes'), rating('a', 'y', 'yes'), rating('c', 'x', 'no'), rating('c', 'y', 'yes')];
    expect(itemsWithDisagreement(['c', 'a', 'b'], ratings)).toEqual(['c', 'b']);
  });

  test('counts a grader that differs from the raters as a disagreement', () => {
    const ratings = [rating('a', 'x', 'yes'), rating('a', 'y', 'yes')];
    expect(itemsWithDisagreement(['a'], ratings, [{ item: 'a', grader: 'g', label: 'no' }])).toEqual(['a']);
  });

  test('leaves out items no rater rated, even when graders differ', () => {
    expect(itemsWithDisagreement(['a'], [], [{ item: 'a', grader: 'g', label: 'no' }, { item: 'a', grader: 'h', label: 'yes' }])).toEqual([]);
  });

  test('does not count an earlier adjudication as a party', () => {
    const ratings = [rating('a', 'x', 'yes'), rating('a', 'judge', 'no', true)];
    expect(itemsWithDisagreement(['a'], ratings)).toEqual([]);
  });
});
