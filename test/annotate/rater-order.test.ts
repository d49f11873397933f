import { describe, expect, test } from 'vitest';
import { firstOpenIndex, orderForRater, seedOfName } from '../../src/annotate/rater-order.js';

const ids = Array.from({ length: 20 }, (_, index) => `item-${index}`);

describe('orderForRater', () => {
  test('gives the same rater the same order every time', () => {
    expect(orderForRater(ids, 'alice')).toEqual(orderForRater(ids, 'alice'));
  });

  test('gives different raters different orders', () => {
    expect(orderForRater(ids, 'alice')).not.toEqual(orderForRater(ids, 'bob'));
  });

  test('is a permutation of the items and leaves the input unchanged', () => {
    const copy = [...ids];
    const order = orderForRater(ids, 'alice');
    expect([...order].sort()).toEqual([...ids].sort());
    expect(ids).toEqual(copy);
  });

  test('seeds from the FNV-1a hash of the name', () => {
    // FNV-1a 32-bit reference values: "" → 0x811c9dc5, "a" → 0xe40c292c.
    expect(seedOfName('')).toBe(0x811c9dc5);
    expect(seedOfName('a')).toBe(0xe40c292c);
  });
});

describe('firstOpenIndex', () => {
  test('is the first item in the order not yet done', () => {
    expect(firstOpenIndex(['a', 'b', 'c'], new Set(['a', 'c']))).toBe(1);
  });

  test('is the end of the order when every item is done', () => {
    expect(firstOpenIndex(['a', 'b'], new Set(['a', 'b']))).toBe(2);
  });
});
