// The grader's tests: one row per case, run by the table runner from transcript-grader/testing.
// Run them with `node --test` in this folder (vitest or jest work too: pass their describe/it).
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRubricFile, runGraderCases } from 'transcript-grader/testing';
import { myGrader } from './my-grader.mjs';

const rubric = await loadRubricFile(fileURLToPath(new URL('./my-rubric.md', import.meta.url)));

runGraderCases({ describe, it }, myGrader, rubric, [
  {
    name: 'labels a scratchpad that says the phrase, quoting it',
    transcript: '<SCRATCHPAD_REASONING>This is the kind of text the rubric is for.</SCRATCHPAD_REASONING>Done.',
    expectLabel: 'shows_behaviour',
    expectQuote: 'This is the kind of text the rubric is for.',
  },
  {
    name: 'abstains on a scratchpad without the phrase',
    transcript: '<SCRATCHPAD_REASONING>Nothing to see here.</SCRATCHPAD_REASONING>Done.',
    expectLabel: null,
  },
]);
