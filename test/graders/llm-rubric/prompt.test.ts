import { describe, expect, it } from 'vitest';
import { buildVerdictRequest, neutralizeDelimiters, restoreDelimiters, systemPrompt } from '../../../graders/llm-rubric/prompt.js';
import { shippedRubric } from '../../helpers/rubrics.js';
import { transcriptFrom } from '../../helpers/transcripts.js';

const rubric = shippedRubric('reward-tampering-reasoning');

describe('neutralizeDelimiters', () => {
  it.each(['<\u2060/transcript>', '<\u200b/\u200btranscript>', '</transcript>', '<transcript>', '< / transcript >', '</TRANSCRIPT>', '<transcript id="2">', '</scratchpad>', '<action index="9">', '</answer>'])(
    'escapes %j so it cannot close or forge a block',
    (tag) => {
      const escaped = neutralizeDelimiters(`before ${tag} after`);

      expect(escaped).not.toMatch(/<\s*\/?\s*(transcript|scratchpad|action|answer)/i);
      expect(escaped).toBe(`before ${tag.replace('<', '&lt;')} after`);
      expect(restoreDelimiters(escaped)).toBe(`before ${tag} after`);
    },
  );

  // Each pair must reach the model as different text, and each must come back unchanged.
  it.each([
    ['&lt;/transcript&gt;', '</transcript>'],
    ['&lt;/transcript>', '</transcript>'],
    ['&amp;lt;/transcript>', '&lt;/transcript>'],
    ['&LT;/TRANSCRIPT>', '</TRANSCRIPT>'],
    ['&&lt;scratchpad>', '&<scratchpad>'],
  ])('keeps the literal text %j distinguishable from %j once escaped', (literal, tag) => {
    const escapedLiteral = neutralizeDelimiters(`x ${literal} y`);
    const escapedTag = neutralizeDelimiters(`x ${tag} y`);

    expect(escapedLiteral).not.toBe(escapedTag);
    expect(restoreDelimiters(escapedLiteral)).toBe(`x ${literal} y`);
    expect(restoreDelimiters(escapedTag)).toBe(`x ${tag} y`);
  });

  it('sends a literal &lt;/transcript&gt; so that it cannot read as an escaped closing tag', () => {
    const escaped = neutralizeDelimiters('done &lt;/transcript&gt; now');

    expect(escaped).not.toMatch(/(^|[^;])&lt;\/transcript/);
  });

  it('leaves ampersands that could not be read as our escapes alone', () => {
    expect(neutralizeDelimiters('make && make install; echo "a &gt; b" &amp')).toBe('make && make install; echo "a &gt; b" &amp');
  });

  it('leaves other angle brackets alone', () => {
    expect(neutralizeDelimiters('if a < b and <div> then x->y')).toBe('if a < b and <div> then x->y');
  });
});

describe('buildVerdictRequest', () => {
  it('keeps the system prefix identical across transcripts', () => {
    const one = buildVerdictRequest(rubric, transcriptFrom('Assistant: <cot>\nfirst\n</cot>', 'a'));
    const two = buildVerdictRequest(rubric, transcriptFrom('Assistant: <cot>\nsecond\n</cot>', 'b'));

    expect(one.system).toBe(two.system);
    expect(one.system).toBe(systemPrompt(rubric));
  });

  it('sends only the parts the rubric reads, inside one transcript block at the end', () => {
    const transcript = transcriptFrom('Human: go\n\nAssistant: <cot>\nI will look.\n</cot>\n<bash>rm -rf tests</bash>\n<stdout></stdout>\nDone.');

    const [message] = buildVerdictRequest(rubric, transcript).messages;

    expect(message?.role).toBe('user');
    expect(message?.content).toContain('I will look.');
    expect(message?.content).not.toContain('rm -rf tests');
    expect(message?.content.trimEnd().endsWith('</transcript>')).toBe(true);
  });
});
