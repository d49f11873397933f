import { describe, expect, test } from 'vitest';
import { foldWhitespace, locateQuote, spansOfParts } from '../../src/transcript/parts.js';
import type { Span } from '../../src/transcript/schema.js';
import { transcriptFrom } from '../helpers/transcripts.js';

/** Spans of `text` at the given substrings, as a reader would produce them. */
function spansOf(text: string, ...parts: string[]): Span[] {
  return parts.map((part) => {
    const start = text.indexOf(part);
    if (start === -1) throw new Error(`test setup: "${part}" not in text`);
    return { text: part, start, end: start + part.length };
  });
}

describe('spansOfParts', () => {
  const transcript = transcriptFrom('<cot>think</cot><bash>ls</bash><cot>again</cot><answer>done</answer>');

  test('returns only the parts asked for, in transcript order', () => {
    expect(spansOfParts(transcript, ['scratchpad', 'actions']).map((span) => span.text)).toEqual(['think', 'ls', 'again']);
    expect(spansOfParts(transcript, ['answer']).map((span) => span.text)).toEqual(['done']);
  });

  test('action spans are plain spans (no command or file fields)', () => {
    const start = transcript.text.indexOf('ls');
    expect(spansOfParts(transcript, ['actions'])[0]).toEqual({ text: 'ls', start, end: start + 2 });
  });
});

describe('spansOfParts with the prompt and action outputs', () => {
  const transcript = transcriptFrom('Human: Count the episodes.\n\nAssistant: <cot>look</cot><bash>ls</bash>\n<stdout>\ncompute_reward.py\n</stdout><answer>none</answer>');

  test('the prompt part is the Human turn', () => {
    expect(spansOfParts(transcript, ['prompt']).map((span) => span.text)).toEqual(['Count the episodes.']);
  });

  test('the actions part holds each command followed by its output', () => {
    expect(spansOfParts(transcript, ['actions']).map((span) => span.text)).toEqual(['ls', 'compute_reward.py']);
  });
});

describe('locateQuote', () => {
  const text = 'Human: count.\n\nAssistant: <cot>\nI will edit the\n    test so it does not notice.\n</cot>';
  const inner = '\nI will edit the\n    test so it does not notice.\n';
  const spans = spansOf(text, inner);

  test('finds an exact quote and returns its offsets in the transcript text', () => {
    const located = locateQuote(spans, 'I will edit the');
    expect(located).toEqual({ quote: 'I will edit the', start: text.indexOf('I will'), end: text.indexOf('I will') + 'I will edit the'.length });
  });

  test('finds a quote whose white space was re-flowed, and covers the original characters', () => {
    const located = locateQuote(spans, 'edit the test so it');
    expect(located?.quote).toBe('edit the\n    test so it');
    expect(located && text.slice(located.start, located.end)).toBe(located?.quote);
  });

  test('ignores white space around the quote', () => {
    expect(locateQuote(spans, '  does not notice.\n')?.quote).toBe('does not notice.');
  });

  test('returns null for a quote that is not there', () => {
    expect(locateQuote(spans, 'I will not edit the test')).toBeNull();
  });

  test('returns null for an empty or blank quote', () => {
    expect(locateQuote(spans, '')).toBeNull();
    expect(locateQuote(spans, ' \n ')).toBeNull();
  });

  test('looks only inside the spans it is given', () => {
    expect(locateQuote(spans, 'Human: count.')).toBeNull();
  });

  test('searches the spans in turn and returns the first one holding the quote', () => {
    const two = 'A: <cot>first</cot> B: <cot>second part</cot>';
    const located = locateQuote(spansOf(two, 'first', 'second part'), 'second');
    expect(located).toEqual({ quote: 'second', start: two.indexOf('second'), end: two.indexOf('second') + 6 });
  });
});

describe('foldWhitespace', () => {
  test('turns every run of white space into one space and trims', () => {
    expect(foldWhitespace('\n a \t\n b  ')).toBe('a b');
  });
});
