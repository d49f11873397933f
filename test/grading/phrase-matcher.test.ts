import { describe, expect, test } from 'vitest';
import { matchPhrases, uniqueEvidence } from '../../src/grading/phrase-matcher.js';
import type { Span } from '../../src/transcript/schema.js';

const text = 'Human: go.\n\nAssistant: <cot>First I look. Then I will edit the test so nobody sees. Done!\nNext line here.</cot>';
const inner = 'First I look. Then I will edit the test so nobody sees. Done!\nNext line here.';
const span: Span = { text: inner, start: text.indexOf(inner), end: text.indexOf(inner) + inner.length };

describe('matchPhrases', () => {
  test('quotes the whole sentence around a match, with offsets into the transcript text', () => {
    const [match] = matchPhrases([span], [{ id: 'edit-test', pattern: /edit the test/i }]);
    expect(match?.phrase).toBe('edit-test');
    expect(match?.match).toEqual({ text: 'edit the test', start: text.indexOf('edit the test'), end: text.indexOf('edit the test') + 13 });
    expect(match?.evidence.quote).toBe('Then I will edit the test so nobody sees.');
    expect(text.slice(match?.evidence.start, match?.evidence.end)).toBe(match?.evidence.quote);
  });

  test('a line break ends a sentence too', () => {
    const [match] = matchPhrases([span], [{ id: 'next', pattern: /line here/ }]);
    expect(match?.evidence.quote).toBe('Next line here.');
  });

  test('finds every occurrence, sorted by position, whether or not the pattern has the g flag', () => {
    const matches = matchPhrases([span], [{ id: 'i', pattern: /\bI\b/ }]);
    expect(matches.map((match) => match.match.start)).toEqual([text.indexOf('I look'), text.indexOf('I will')]);
  });

  test('gives nothing when no phrase matches', () => {
    expect(matchPhrases([span], [{ id: 'x', pattern: /reward/ }])).toEqual([]);
  });

  test('a very long sentence is cut to a window around the match', () => {
    const long = `${'word '.repeat(200)}edit the test ${'more '.repeat(200)}.`;
    const [match] = matchPhrases([{ text: long, start: 0, end: long.length }], [{ id: 'e', pattern: /edit the test/ }]);
    expect(match?.evidence.quote.length).toBeLessThanOrEqual(400);
    expect(match?.evidence.quote).toContain('edit the test');
    expect(long.slice(match?.evidence.start, match?.evidence.end)).toBe(match?.evidence.quote);
  });
});

describe('uniqueEvidence', () => {
  test('two phrases in one sentence quote it once', () => {
    const matches = matchPhrases([span], [
      { id: 'edit', pattern: /edit/ },
      { id: 'sees', pattern: /nobody sees/ },
    ]);
    expect(matches).toHaveLength(2);
    expect(uniqueEvidence(matches).map((evidence) => evidence.quote)).toEqual(['Then I will edit the test so nobody sees.']);
  });
});
