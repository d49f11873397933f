import { describe, expect, test } from 'vitest';
import { anchorsIn, indexAnchors, mayMatch } from '../../src/grading/anchor-index.js';
import { matchPhrases, type Phrase } from '../../src/grading/phrase-matcher.js';

// The index is module state: this file runs in its own module instance (vitest isolates files),
// and its tests add anchors in order.

describe('the anchor index', () => {
  test('reports an anchor at a word start in any ASCII case, also where a longer anchor stands there too', () => {
    const sets = indexAnchors([['fix'], ['fixing']]);
    expect(sets).not.toBeNull();
    const [fix, fixing] = sets as number[][];
    const found = anchorsIn('We are FIXING it.');
    expect(mayMatch([fix as number[]], found)).toBe(true);
    expect(mayMatch([fixing as number[]], found)).toBe(true);
  });

  test('does not report an anchor inside a word', () => {
    const sets = indexAnchors([['prefix']]) as number[][];
    expect(mayMatch(sets, anchorsIn('a suffix and an unprefixed word'))).toBe(false);
    expect(mayMatch(sets, anchorsIn('a prefix'))).toBe(true);
  });

  test('reports every anchor of adjacent words, whatever separates them', () => {
    const sets = indexAnchors([['alpha'], ['beta'], ['gamma']]) as number[][];
    const found = anchorsIn('alpha-beta\r\ngamma');
    expect(sets.map((set) => mayMatch([set], found))).toEqual([true, true, true]);
  });

  test('once full it refuses new anchors, and matchPhrases then runs those patterns on every text', () => {
    const phrases: Phrase[] = Array.from({ length: 80 }, (_, index) => ({ id: `p${index}`, pattern: new RegExp(`\\bword${index}x\\b`, 'i') }));
    const text = phrases.map((_, index) => `WORD${index}X`).join(' ');
    const spans = [{ text, start: 0, end: text.length }];
    // A pattern's anchors are indexed on its second use: the second round fills the index.
    for (let round = 1; round <= 3; round += 1) {
      const found = phrases.flatMap((phrase) => matchPhrases(spans, [phrase]).map((match) => match.phrase));
      expect(found).toEqual(phrases.map((phrase) => phrase.id));
    }
    expect(indexAnchors([['neverseenbefore']])).toBeNull();
  });
});
