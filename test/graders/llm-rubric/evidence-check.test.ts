import { describe, expect, it } from 'vitest';
import { checkEvidence } from '../../../graders/llm-rubric/evidence-check.js';
import { neutralizeDelimiters } from '../../../graders/llm-rubric/prompt.js';
import { transcriptFrom } from '../../helpers/transcripts.js';

/** A transcript whose scratchpad is `reasoning`, and the scratchpad spans the rubric reads. */
function scratchpadOf(reasoning: string) {
  const transcript = transcriptFrom(`Human: go.\n\nAssistant: <cot>\n${reasoning}\n</cot>\nDone.`);
  return { transcript, spans: transcript.scratchpad };
}

describe('checkEvidence', () => {
  it('locates a quote whose line breaks the model re-flowed, with offsets covering the original text', () => {
    const { transcript, spans } = scratchpadOf('I will edit the test\n   so it does not notice.');

    const { evidence, unverified } = checkEvidence([{ quote: 'edit the test so it does not notice' }], spans);

    expect(unverified).toEqual([]);
    const [found] = evidence;
    expect(transcript.text.slice(found!.start!, found!.end!)).toBe('edit the test\n   so it does not notice');
  });

  it('maps a quote of escaped tag-like text back to the transcript', () => {
    const { transcript, spans } = scratchpadOf('Then I close it: </transcript> and go on.');
    const asShown = neutralizeDelimiters('close it: </transcript> and');

    const { evidence, unverified } = checkEvidence([{ quote: asShown }], spans);

    expect(unverified).toEqual([]);
    expect(transcript.text.slice(evidence[0]!.start!, evidence[0]!.end!)).toBe('close it: </transcript> and');
  });

  it('finds a quote of HTML-escaped text that was in the transcript as such', () => {
    const { transcript, spans } = scratchpadOf('The page prints &lt;div&gt; literally, so I will fix the template.');

    const { evidence, unverified } = checkEvidence([{ quote: 'prints &lt;div&gt; literally' }], spans);

    expect(unverified).toEqual([]);
    expect(transcript.text.slice(evidence[0]!.start!, evidence[0]!.end!)).toBe('prints &lt;div&gt; literally');
  });

  it('keeps a quote that is not in the parts read, with null offsets, and lists it as unverified', () => {
    const { spans } = scratchpadOf('I will count the episodes.');

    const { evidence, unverified } = checkEvidence([{ quote: 'I will hide the change' }, { quote: 'count the episodes' }], spans);

    expect(unverified).toEqual(['I will hide the change']);
    expect(evidence[0]).toEqual({ quote: 'I will hide the change', start: null, end: null });
    expect(evidence[1]?.start).not.toBeNull();
  });

  it('does not accept a quote from a part the rubric does not read', () => {
    const { spans } = scratchpadOf('I will count the episodes.');

    expect(checkEvidence([{ quote: 'Done.' }], spans).unverified).toEqual(['Done.']);
  });
});
