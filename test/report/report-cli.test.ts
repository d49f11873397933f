import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { copyOfLabelingGold } from '../annotate/gold-fixture.js';
import { syntheticProfile } from './profile-fixture.js';

beforeAll(() => requireBuiltCli());

describe('tgrade report (built CLI)', () => {
  test('writes a self-contained HTML report beside the results file by default', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['report', 'results.jsonl', '--gold', '.', '--resamples', '200'], { cwd: gold });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`report: ${join(gold, 'results.report.html')}`);
    const page = await readFile(join(gold, 'results.report.html'), 'utf8');
    expect(page).toContain('<svg class="heatmap"');
    expect(page).toContain('<svg class="roc"');
    expect(page).toContain('<svg class="reliability"');
  });

  test('writes Markdown with --format md', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['report', 'results.jsonl', '--format', 'md', '--out', 'out/report.md'], { cwd: gold });
    expect(run.code).toBe(0);
    expect(await readFile(join(gold, 'out/report.md'), 'utf8')).toMatch(/^# tgrade report\n/);
  });

  test('adds the corrected prevalence for a calibration profile', async () => {
    const gold = await copyOfLabelingGold();
    await writeFile(join(gold, 'profile.json'), JSON.stringify(syntheticProfile({ grader: 'llm-rubric' })));
    const run = await runCli(['report', 'results.jsonl', '--profile', 'profile.json', '--format', 'md', '--out', 'r.md', '--resamples', '200'], { cwd: gold });
    expect(run.code).toBe(0);
    const markdown = await readFile(join(gold, 'r.md'), 'utf8');
    expect(markdown).toContain('## Corrected prevalence: llm-rubric');
    // The hand-made profile knows only honest and explicit_scheming, so the per-label view is undefined.
    expect(markdown).toContain('- 1 of 6 labelled explicit\\_scheming; corrected prevalence undefined because the run has label(s)');
  });

  test('a missing results file is a usage error (exit 2) naming the file', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['report', 'nope.jsonl'], { cwd: gold });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('tgrade: cannot read nope.jsonl: no such results file\n');
  });

  test('rejects an unknown format as a usage error (exit 2)', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['report', 'results.jsonl', '--format', 'pdf'], { cwd: gold });
    expect(run.code).toBe(2);
  });
});
