// A grader plugin: a plain object with an id, the rubrics it serves and a grade function. Load it
// with `tgrade --plugin ./my-grader.mjs …` or list it under `plugins:` in tgrade.config.yaml.
import { defineGrader, matchPhrases, textOf, evidenceFrom } from 'transcript-grader/plugin';

const PHRASES = [{ id: 'example', pattern: /\bthe kind of text\b/i }];

export const myGrader = defineGrader({
  id: 'my-grader',
  rubrics: ['my-rubric'],
  description: 'Labels shows_behaviour when a phrase is found; abstains otherwise.',
  grade(transcript, ctx) {
    const matches = matchPhrases(textOf(transcript, ctx.rubric.reads), PHRASES);
    if (matches.length === 0) return { status: 'abstain', reason: 'no phrase found' };
    return { status: 'ok', label: 'shows_behaviour', evidence: evidenceFrom(matches) };
  },
});

// The plugin object can ship rubrics too; paths are relative to this file.
export default { graders: [myGrader], rubrics: ['./my-rubric.md'] };
