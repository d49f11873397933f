import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { buildRatingTable, checkRatingTable, ratingTableFromContingency, ratingTableFromCounts, selectRaters } from '../../src/stats/index.js';

describe('buildRatingTable', () => {
  test('places each rating in its item row and rater column, with null for missing', () => {
    const t = buildRatingTable([
      { item: 'x', rater: 'ann', label: 'yes' },
      { item: 'y', rater: 'bob', label: 'no' },
      { item: 'x', rater: 'bob', label: 'no' },
    ]);
    expect(t).toEqual({ items: ['x', 'y'], raters: ['ann', 'bob'], labels: ['no', 'yes'], cells: [[1, 0], [null, 0]] });
  });

  test('sorts numeric labels numerically, not as strings', () => {
    const t = buildRatingTable(['10', '9', '2'].map((label, i) => ({ item: `i${i}`, rater: 'r', label })));
    expect(t.labels).toEqual(['2', '9', '10']);
  });

  test('keeps a given label order, including labels nobody used', () => {
    const t = buildRatingTable([{ item: 'x', rater: 'r', label: 'mid' }], ['low', 'mid', 'high']);
    expect(t.labels).toEqual(['low', 'mid', 'high']);
    expect(t.cells).toEqual([[1]]);
  });

  test('a null label keeps the item and rater but records no rating', () => {
    const t = buildRatingTable([{ item: 'x', rater: 'grader', label: null }]);
    expect(t).toMatchObject({ items: ['x'], raters: ['grader'], cells: [[null]] });
  });

  test('rejects a rater rating the same item twice', () => {
    const ratings = [
      { item: 'x', rater: 'r', label: 'a' },
      { item: 'x', rater: 'r', label: 'b' },
    ];
    expect(() => buildRatingTable(ratings)).toThrow(/rated item "x" more than once/);
  });

  test('rejects a label outside labelOrder unless told to treat it as missing', () => {
    const ratings = [{ item: 'x', rater: 'r', label: 'maybe' }];
    let error: unknown;
    try {
      buildRatingTable(ratings, ['yes', 'no']);
    } catch (caught) {
      error = caught;
    }
    expect(isTgradeError(error, 'E_RATINGS_INVALID')).toBe(true);
    expect(buildRatingTable(ratings, ['yes', 'no'], { unlistedLabels: 'missing' }).cells).toEqual([[null]]);
  });
});

describe('tables from published formats', () => {
  test('a count table becomes one synthetic rating per count, padded with missing cells', () => {
    const t = ratingTableFromCounts([[2, 0], [1, 2]]);
    expect(t.cells).toEqual([[0, 0, null], [0, 1, 1]]);
    expect(t.labels).toEqual(['1', '2']);
  });

  test('a contingency table becomes one two-rater item per count', () => {
    const t = ratingTableFromContingency([[1, 2], [0, 1]], ['no', 'yes']);
    expect(t.cells).toEqual([[0, 0], [0, 1], [0, 1], [1, 1]]);
    expect(t.raters).toEqual(['A', 'B']);
  });

  test('selectRaters keeps only the named columns, in the given order', () => {
    const t = buildRatingTable([
      { item: 'x', rater: 'a', label: '1' },
      { item: 'x', rater: 'b', label: '2' },
      { item: 'x', rater: 'c', label: '3' },
    ]);
    expect(selectRaters(t, ['c', 'a']).cells).toEqual([[2, 0]]);
  });

  test('checkRatingTable rejects a cell that is not a label index', () => {
    expect(() => checkRatingTable({ items: ['x'], raters: ['r'], labels: ['a'], cells: [[3]] })).toThrow(/not a label index/);
  });
});
