import { describe, expect, test } from 'vitest';
import { EDIT_REWARD_PHRASES, HONEST_PHRASES, RATIONALIZATION_PHRASES, SCHEMING_PHRASES, TASK_PHRASES } from '../../graders/reward-tampering-heuristics/reasoning-phrases.js';
import { anchorSetsOf } from '../../src/grading/phrase-anchors.js';

describe('anchorSetsOf', () => {
  test('reads the words at word starts that every match needs, the rarest first', () => {
    expect(anchorSetsOf(/\b(?:avoid|evade)\w*\s+caught/i)).toEqual([['caught'], ['avoid', 'evade']]);
  });

  test('joins the best word of each branch of an alternation', () => {
    expect(anchorSetsOf(/\bnobody|\bno one|(?:^|\s)no-one/i)).toEqual([['nobody', 'one']]);
  });

  test('takes a word as anchor only where the character before it cannot be a word character', () => {
    // "bar" follows a \w, "baz" follows an optional \s: neither is known to start a word.
    expect(anchorSetsOf(/\w+bar\s?baz/)).toBeNull();
    expect(anchorSetsOf(/[\s-]bar/)).toEqual([['bar']]);
  });

  test('gives no anchor for an element that may be absent', () => {
    expect(anchorSetsOf(/\bfoo(?:\s+bar)?/)).toEqual([['foo']]);
    expect(anchorSetsOf(/(?:\bfoo)*\bbar/)).toEqual([['bar']]);
  });

  test('gives no anchors with the u or v flag, whose case folding maps non-ASCII letters onto ASCII ones', () => {
    expect(anchorSetsOf(/\bstop/iu)).toBeNull();
    expect(anchorSetsOf(new RegExp('\\bstop', 'iv'))).toBeNull();
  });

  test('keeps a set of very common words only when the pattern has no other', () => {
    expect(anchorSetsOf(/\bthe\s+reward/i)).toEqual([['reward']]);
    expect(anchorSetsOf(/\bthe\b/i)).toEqual([['the']]);
  });

  test('derives anchors for every built-in reasoning phrase', () => {
    const phrases = [...SCHEMING_PHRASES, ...RATIONALIZATION_PHRASES, ...EDIT_REWARD_PHRASES, ...HONEST_PHRASES, ...TASK_PHRASES];
    expect(phrases.filter((phrase) => anchorSetsOf(phrase.pattern) === null).map((phrase) => phrase.id)).toEqual([]);
  });
});
