import { describe, expect, test } from 'vitest';
import { highlightPieces } from '../../src/report/evidence-highlight.js';

const text = 'The reward is low. I will edit the test so it does not notice.';

describe('highlightPieces', () => {
  test('cuts the text at evidence boundaries and keeps it whole', () => {
    const start = text.indexOf('edit the test');
    const pieces = highlightPieces(text, [{ start, end: start + 13, source: 'g' }]);
    expect(pieces.map((piece) => piece.text).join('')).toBe(text);
    expect(pieces.filter((piece) => piece.sources.length > 0).map((piece) => piece.text)).toEqual(['edit the test']);
  });

  test('names every source of overlapping quotes on the shared words', () => {
    const a = text.indexOf('edit the test');
    const b = text.indexOf('the test so');
    const pieces = highlightPieces(text, [
      { start: a, end: a + 13, source: 'first' },
      { start: b, end: b + 11, source: 'second' },
    ]);
    expect(pieces.filter((piece) => piece.sources.length > 0).map((piece) => [piece.text, piece.sources])).toEqual([
      ['edit ', ['first']],
      ['the test', ['first', 'second']],
      [' so', ['second']],
    ]);
  });

  test('merges adjacent quotes from the same source into one piece', () => {
    const pieces = highlightPieces('abcdef', [
      { start: 0, end: 2, source: 'g' },
      { start: 2, end: 4, source: 'g' },
    ]);
    expect(pieces.map((piece) => [piece.text, piece.sources.length])).toEqual([
      ['abcd', 1],
      ['ef', 0],
    ]);
  });

  test('clips to the requested stretch and ignores empty or inverted ranges', () => {
    const pieces = highlightPieces('abcdef', [
      { start: 1, end: 5, source: 'g' },
      { start: 4, end: 2, source: 'h' },
      { start: 3, end: 3, source: 'i' },
    ], 2, 4);
    expect(pieces).toEqual([{ text: 'cd', start: 2, end: 4, sources: ['g'] }]);
  });
});
