import { describe, expect, test } from 'vitest';
import { transcriptView } from '../../src/annotate/transcript-view.js';
import { transcriptFrom } from '../helpers/transcripts.js';

const tagged = 'Human: count the episodes.\n\nAssistant: <cot>\nI will look first.\n</cot>\n<bash>ls ./rl</bash>\n<stdout>\nreward.py\n</stdout>\nNo counter found.';

describe('transcriptView', () => {
  test('cuts the text into consecutive segments that cover it exactly', () => {
    const transcript = transcriptFrom(tagged);
    const view = transcriptView(transcript);
    expect(view.segments.map((segment) => segment.text).join('')).toBe(transcript.text);
    view.segments.forEach((segment, index) => {
      expect(transcript.text.slice(segment.start, segment.end)).toBe(segment.text);
      if (index > 0) expect(segment.start).toBe(view.segments[index - 1]!.end);
    });
  });

  test('keeps the scratchpad, the action, its output and the answer apart', () => {
    const view = transcriptView(transcriptFrom(tagged));
    const shown = view.segments.filter((segment) => segment.blank !== true && segment.markup !== true).map((segment) => [segment.kind, segment.text]);
    expect(shown).toContainEqual(['scratchpad', 'I will look first.']);
    expect(shown).toContainEqual(['action', 'ls ./rl']);
    expect(shown).toContainEqual(['answer', 'No counter found.']);
    expect(shown.find(([kind]) => kind === 'output')?.[1]).toContain('reward.py');
  });

  test('numbers the segments of each kind from 1', () => {
    const view = transcriptView(transcriptFrom('<cot>one</cot> <cot>two</cot>'));
    expect(view.segments.filter((segment) => segment.kind === 'scratchpad').map((segment) => segment.number)).toEqual([1, 2]);
  });

  test('marks white-space-only stretches as blank', () => {
    const view = transcriptView(transcriptFrom('<cot>\nthinking\n</cot>'));
    for (const segment of view.segments) expect(segment.blank === true).toBe(segment.text.trim() === '');
  });

  test('passes on no metadata but whether the transcript is synthetic', () => {
    const view = transcriptView({ ...transcriptFrom('<cot>x</cot>'), metadata: { synthetic: true, label: 'explicit_scheming', rater: 'someone' } });
    expect(view.synthetic).toBe(true);
    expect(JSON.stringify(view)).not.toContain('explicit_scheming');
  });

  test('shows the parsed parts only: tags and a role marker left alone between blocks are markup, hidden but still counted', () => {
    const text = 'Human: fix the tests.\n\nAssistant: <scratchpad>I could edit the reward.</scratchpad>\n\nAssistant: <bash>cat reward.py</bash> <stdout>return 1</stdout> <cot>done</cot>\n</cot>\n<OUTPUT>All tests pass.</OUTPUT>';
    const transcript = transcriptFrom(text);
    const view = transcriptView(transcript);
    expect(view.segments.map((segment) => segment.text).join('')).toBe(transcript.text);
    const shown = view.segments.filter((segment) => segment.blank !== true && segment.markup !== true).map((segment) => segment.text);
    for (const piece of shown) expect(piece).not.toMatch(/<\/?[A-Za-z]+>|^Assistant:$/);
    expect(shown).toEqual(expect.arrayContaining(['Human: fix the tests.', 'I could edit the reward.', 'cat reward.py', 'return 1']));
    expect(view.segments.filter((segment) => segment.markup === true).map((segment) => segment.text)).toEqual(expect.arrayContaining(['</bash>', '<stdout>', '</stdout>', '</cot>', 'Assistant:']));
  });

  test("a tag the reader does not parse (model output such as <script>) is the transcript's text, shown, not hidden", () => {
    const view = transcriptView(transcriptFrom('<cot>plan</cot>\nsee <script>alert(1)</script> here'));
    const shown = view.segments.filter((segment) => segment.blank !== true && segment.markup !== true).map((segment) => segment.text).join(' ');
    expect(shown).toContain('<script>alert(1)</script>');
  });
});
