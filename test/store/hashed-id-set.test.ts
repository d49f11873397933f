import { describe, expect, test } from 'vitest';
import { HashedIdSet } from '../../src/store/hashed-id-set.js';

describe('HashedIdSet', () => {
  test('has what was added, counts each id once, and nothing else', () => {
    const set = new HashedIdSet();
    for (let index = 0; index < 5000; index += 1) set.add(`id-${index}`);
    set.add('id-7');

    expect(set.size).toBe(5000);
    expect(set.has('id-0')).toBe(true);
    expect(set.has('id-4999')).toBe(true);
    expect(set.has('id-5000')).toBe(false);
    expect(set.has('')).toBe(false);
  });
});
