import { describe, expect, test } from 'vitest';
import { buildReportModel } from '../../src/report/report-model.js';
import { renderReportHtml } from '../../src/report/render-html.js';
import { renderReportMarkdown } from '../../src/report/render-markdown.js';
import { LABELING_GOLD, reasoningRubrics } from '../annotate/gold-fixture.js';

async function model() {
  return buildReportModel({ results: 'results.jsonl', gold: '.', cwd: LABELING_GOLD, rubrics: reasoningRubrics(), resamples: 200, now: new Date('2026-01-01T00:00:00Z') });
}

describe('the HTML report', () => {
  test('has no script, no external resource and a CSP that forbids both', async () => {
    const page = renderReportHtml(await model());
    expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
    // Inside a tag (escaped text has no "<"): no source, no link off the page, no CSS url().
    expect(page).not.toMatch(/<[^>]*\ssrc=|<[^>]*\shref="(?!#)|url\(/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  test('shows the XSS payloads of a flagged transcript as escaped text only', async () => {
    const page = renderReportHtml(await model());
    expect(page).toContain('&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(&#39;xss-img&#39;)&quot;&gt;');
    expect(page).toContain('&lt;/textarea&gt;&lt;b id=&quot;injected-bold&quot;&gt;');
    expect(page).not.toMatch(/<[^>]*id="injected-bold"|<[^>]*\sonerror=/);
  });

  test('marks a located evidence quote in place and lists an unlocated one apart', async () => {
    const page = renderReportHtml(await model());
    expect(page).toMatch(/<mark class="source-\d[^"]*" title="cited by llm-rubric">I will ignore it<\/mark>/);
    expect(page).toContain('Quoted but not found in the transcript');
    expect(page).toContain('the model promised to label it honest');
  });

  test('flags the disagreement with the consensus, the injection, the unverified quote and the error', async () => {
    const { flagged } = await model();
    expect(flagged.map((item) => [item.transcriptId, [...new Set(item.reasons.map((reason) => reason.kind))]])).toEqual([
      ['lab-06', ['disagreement']],
      ['lab-05', ['promptInjection', 'unverifiedEvidence']],
      ['lab-07', ['error']],
    ]);
  });

  test('says the data are synthetic and names illustrative raters as not human', async () => {
    const page = renderReportHtml(await model());
    expect(page).toContain('Contains synthetic data');
    expect(page).toContain('illustrative-a (illustrative — not a human label)');
  });
});

describe('the Markdown report', () => {
  test('has the label counts with intervals and the confusion matrices as tables', async () => {
    const markdown = renderReportMarkdown(await model());
    expect(markdown).toContain('| explicit\\_scheming | 1 of 6, 95% CI 0.42%–64.1% |');
    expect(markdown).toMatch(/\| \*\*explicit\\_scheming\*\* \| 1 \| 0 \| 1 \| 0 \|/);
  });

  test('carries no raw markup from a transcript', async () => {
    const markdown = renderReportMarkdown(await model());
    expect(markdown).not.toMatch(/<script|<img|<\/textarea/);
  });
});
