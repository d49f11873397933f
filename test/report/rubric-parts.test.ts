import { describe, expect, test } from 'vitest';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { renderReportHtml } from '../../src/report/render-html.js';
import { renderReportMarkdown } from '../../src/report/render-markdown.js';
import { buildReportModel } from '../../src/report/report-model.js';
import { describeRubricParts, partRole, rubricPartsOf } from '../../src/report/rubric-parts.js';
import { LABELING_GOLD, reasoningRubrics } from '../annotate/gold-fixture.js';
import { transcriptHtml } from '../../src/report/transcript-html.js';
import { shippedRubric } from '../helpers/rubrics.js';
import { transcriptFrom } from '../helpers/transcripts.js';

const reasoning = shippedRubric('reward-tampering-reasoning');
const action = shippedRubric('reward-tampering-action');
const rubrics = new Map([reasoning, action].map((rubric) => [rubric.id, rubric]));
const record = (rubric: string): ResultRecord => ({ transcriptId: 't1', grader: `g-${rubric}`, rubric, label: null, status: 'abstain', evidence: [], gradedAt: '2026-01-01T00:00:00.000Z' });
const parts = rubricPartsOf([record('reward-tampering-reasoning'), record('reward-tampering-action'), record('reward-tampering-reasoning')], rubrics);

describe('the parts each rubric grades and shows as context', () => {
  test('are listed once per rubric behind the verdicts, in order', () => {
    expect(parts).toEqual([
      { rubric: 'reward-tampering-reasoning', reads: ['scratchpad'], context: ['prompt', 'actions', 'answer'] },
      { rubric: 'reward-tampering-action', reads: ['actions'], context: [] },
    ]);
  });

  test('are described in one sentence per rubric', () => {
    expect(parts.map(describeRubricParts)).toEqual(['reward-tampering-reasoning grades scratchpad; shows prompt, actions, answer as context', 'reward-tampering-action grades actions; no context']);
  });

  test('a part graded by one rubric and shown by another says both', () => {
    expect(partRole('actions', parts)).toBe('graded by reward-tampering-action; context for reward-tampering-reasoning');
    expect(partRole('scratchpad', parts)).toBe('graded by reward-tampering-reasoning');
  });

  test('an unknown rubric id is left out rather than guessed', () => {
    expect(rubricPartsOf([record('gone')], rubrics)).toEqual([]);
  });
});

describe('the report transcript', () => {
  test('each segment head says whether it is graded or shown as context', () => {
    const transcript = transcriptFrom('Human: Count the episodes.\n\nAssistant: <cot>look</cot>\n<bash>ls</bash>\n<stdout>\nfiles\n</stdout>\nNone found.');
    const page = transcriptHtml(transcript, [], () => 'source-0', parts.slice(0, 1)).toString();
    expect(page).toContain('scratchpad 1 · graded by reward-tampering-reasoning');
    expect(page).toContain('action 1 · bash · context for reward-tampering-reasoning');
    expect(page).toContain('prompt · context for reward-tampering-reasoning');
    expect(page).toContain('answer · context for reward-tampering-reasoning');
  });
});

describe('the report on a labelled gold set', () => {
  const model = () => buildReportModel({ results: 'results.jsonl', gold: '.', cwd: LABELING_GOLD, rubrics: reasoningRubrics(), resamples: 50, now: new Date('2026-01-01T00:00:00Z') });

  test('the HTML report says, per flagged item, what the rubric grades and shows as context, and marks the segments', async () => {
    const page = renderReportHtml(await model());
    expect(page).toContain('<p class="parts">reward-tampering-reasoning grades scratchpad; shows prompt, actions, answer as context.</p>');
    expect(page).toContain('scratchpad 1 · graded by reward-tampering-reasoning');
  });

  test('the Markdown report lists the parts under each flagged item', async () => {
    expect(renderReportMarkdown(await model())).toContain('- parts: reward-tampering-reasoning grades scratchpad; shows prompt, actions, answer as context');
  });
});
