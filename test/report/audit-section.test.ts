import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadSetup } from '../../src/config/setup.js';
import { buildReportModel } from '../../src/report/report-model.js';
import { renderReportHtml } from '../../src/report/render-html.js';
import { renderReportMarkdown } from '../../src/report/render-markdown.js';
import { rateSample, writeSyntheticPopulation } from '../audit/synthetic-population.js';

const HOSTILE = '<img src=x onerror=alert(1)>|*x*';

async function auditedReport() {
  const dir = mkdtempSync(join(tmpdir(), 'audit-report-'));
  const population = writeSyntheticPopulation(dir, { size: 3000, positives: [1, 2, 3, 2000], flagged: [1, 2, 3, 7, 8, 9], grader: HOSTILE });
  const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {}, cwd: dir };
  expect(await main(['node', 'tgrade', 'audit', 'plan', population.results, '--grader', HOSTILE, '--budget', '80', '--out', 'audit'], io)).toBe(0);
  rateSample(join(dir, 'audit'), population.truth);
  const setup = await loadSetup({ cwd: dir });
  return buildReportModel({ results: population.results, audit: 'audit', cwd: dir, rubrics: setup.rubrics, now: new Date('2026-01-01T00:00:00Z') });
}

describe('the report’s audit section', () => {
  it('shows the estimates side by side, a forest plot and the strata table, with the grader name escaped', async () => {
    const model = await auditedReport();
    const page = renderReportHtml(model);
    expect(page).toContain('id="audit"');
    expect(page).toContain('<svg class="forest-plot"');
    expect(page).toMatch(/<td>tamper_attempt<\/td><td>ppi\+\+<\/td>/);
    expect(page).toContain('missed-positive rate');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<img/i);
  });

  it('writes the same section in Markdown with the grader name escaped', async () => {
    const markdown = renderReportMarkdown(await auditedReport());
    expect(markdown).toContain('## Audit: \\<img src=x onerror=alert(1)>\\|\\*x\\*');
    expect(markdown).toMatch(/\| tamper\\_attempt \| stratified \| \d+ \\\[\d+, [\d,]+\\\] \|/);
  });
});
