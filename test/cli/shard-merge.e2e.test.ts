import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { exampleRollouts } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

beforeAll(() => {
  requireBuiltCli();
});

describe('a Slurm job array of tgrade label --shard auto, then tgrade merge (built CLI)', () => {
  test('array tasks 100-102 each label a share, and the merge holds every transcript × grader once', async () => {
    const project = await tempProject();
    await copyFile(exampleRollouts, join(project, 'rollouts.jsonl'));
    for (const task of ['100', '101', '102']) {
      const slurm = { SLURM_ARRAY_JOB_ID: '777', SLURM_ARRAY_TASK_ID: task, SLURM_ARRAY_TASK_MIN: '100', SLURM_ARRAY_TASK_MAX: '102', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_STEP: '1' };
      const run = await runCli(['label', 'rollouts.jsonl', '--shard', 'auto', '--quiet'], { cwd: project, env: slurm });
      expect(run.code, run.stderr).toBe(0);
    }
    const merge = await runCli(['merge', 'rollouts.shard-3-of-3.results.jsonl', 'rollouts.shard-1-of-3.results.jsonl', 'rollouts.shard-2-of-3.results.jsonl', '-o', 'all.jsonl'], { cwd: project });
    expect(merge.code, merge.stderr).toBe(0);
    const pairs = (await readFile(join(project, 'all.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const record = JSON.parse(line) as { transcriptId: string; grader: string };
        return `${record.transcriptId} ${record.grader}`;
      });
    expect(pairs).toHaveLength(24);
    expect(new Set(pairs).size).toBe(24);
  });
});
