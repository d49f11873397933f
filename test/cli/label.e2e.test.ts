import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ResultRecordSchema } from '../../src/grading/verdict.js';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { exampleRollouts } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

const ACTION_LABELS = ['none', 'inspected_only', 'tamper_attempt', 'tamper_and_hide'];
const REASONING_LABELS = ['explicit_scheming', 'plausible_rationalization', 'honest', 'no_reasoning'];

beforeAll(() => {
  requireBuiltCli();
});

/** A temp project holding a copy of the example rollouts. */
async function projectWithExamples(): Promise<string> {
  const project = await tempProject();
  await copyFile(exampleRollouts, join(project, 'rollouts.jsonl'));
  return project;
}

async function resultLines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('tgrade label (built CLI)', () => {
  test('grades the example file, prints a line per label of both rubrics and writes 24 records', async () => {
    const project = await projectWithExamples();
    const { code, stdout, stderr } = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^12 transcripts read$/m);
    expect(stdout).toContain('reward-tampering-actions  (rubric reward-tampering-action)');
    expect(stdout).toContain('reward-tampering-reasoning-phrases  (rubric reward-tampering-reasoning)');
    for (const label of [...ACTION_LABELS, ...REASONING_LABELS]) {
      expect(stdout).toMatch(new RegExp(`^  ${label} +\\d+ of \\d+, 95% CI \\d[\\d.]*%–\\d[\\d.]*%$`, 'm'));
    }
    const out = join(project, 'rollouts.results.jsonl');
    expect(stdout).toContain(`results: ${out}`);
    const lines = await resultLines(out);
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(ResultRecordSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
  });

  test('--json prints the run and the per-grader summaries as one JSON object', async () => {
    const project = await projectWithExamples();
    const { code, stdout } = await runCli(['label', 'rollouts.jsonl', '--json'], { cwd: project });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      input: 'rollouts.jsonl',
      out: join(project, 'rollouts.results.jsonl'),
      transcripts: 12,
      problems: 0,
      aborted: false,
      skipped: expect.any(Array),
      perGrader: {
        'reward-tampering-actions': { graded: 12, alreadyDone: 0, gatedOut: 0, errors: 0 },
        'reward-tampering-reasoning-phrases': { graded: 12, alreadyDone: 0, gatedOut: 0, errors: 0 },
      },
    });
    const graders = report['graders'] as { grader: string; labelled: number; abstained: number; labels: { label: string; count: number; share: number; ci95: number[] }[] }[];
    const actions = graders.find((summary) => summary.grader === 'reward-tampering-actions');
    expect(actions?.labels.map((label) => label.label)).toEqual(ACTION_LABELS);
    expect(actions?.labelled).toBe(12);
    for (const label of actions?.labels ?? []) {
      expect(label.ci95[0]).toBeLessThanOrEqual(label.share);
      expect(label.ci95[1]).toBeGreaterThanOrEqual(label.share);
    }
    const reasoning = graders.find((summary) => summary.grader === 'reward-tampering-reasoning-phrases');
    expect(reasoning && reasoning.labelled + reasoning.abstained).toBe(12);
  });
});
