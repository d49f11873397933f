import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { offlineEnv } from '../helpers/cli.js';
import { tgradeInProcess } from '../helpers/in-process-cli.js';
import { exampleRollouts } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

/** A temp project holding a copy of the example rollouts (12 transcripts, two offline graders). */
async function projectWithExamples(): Promise<{ dir: string; input: string }> {
  const dir = await tempProject();
  const input = join(dir, 'rollouts.jsonl');
  await copyFile(exampleRollouts, input);
  return { dir, input };
}

/** transcript × grader → label, without timestamps. */
async function labelsOf(file: string): Promise<Map<string, string | null>> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  return new Map(lines.map((line) => {
    const record = JSON.parse(line) as { transcriptId: string; grader: string; label: string | null };
    return [`${record.transcriptId} ${record.grader}`, record.label] as const;
  }));
}

describe('tgrade label --shard and tgrade merge', () => {
  test('three shards merged give the records of one unsharded run, each once', async () => {
    const { dir, input } = await projectWithExamples();
    for (const shard of ['1/3', '2/3', '3/3']) {
      const run = await tgradeInProcess(['label', input, '--shard', shard, '--quiet'], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`(shard ${shard})`);
    }
    const sidecar = JSON.parse(await readFile(join(dir, 'rollouts.shard-1-of-3.results.jsonl.shard.json'), 'utf8')) as { shard: unknown; inputHash: string; completedAt?: string; graders?: string[] };
    expect(sidecar).toMatchObject({ shard: { index: 1, count: 3 }, inputHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string, completedAt: expect.any(String) as string });
    expect(sidecar.graders?.length).toBeGreaterThan(0);
    const shardFiles = [1, 2, 3].map((index) => join(dir, `rollouts.shard-${index}-of-3.results.jsonl`));
    const merged = await tgradeInProcess(['merge', ...shardFiles, '-o', join(dir, 'all.jsonl')], dir);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('24 record(s) from 3 shard(s)');
    const whole = await tgradeInProcess(['label', input, '-o', join(dir, 'whole.jsonl'), '--quiet'], dir);
    expect(whole.code, whole.stderr).toBe(0);
    const mergedLines = (await readFile(join(dir, 'all.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(mergedLines).toHaveLength(24);
    expect(await labelsOf(join(dir, 'all.jsonl'))).toEqual(await labelsOf(join(dir, 'whole.jsonl')));
  });

  test('takes its shard from a Slurm job array whose ids start at 0', async () => {
    const { dir, input } = await projectWithExamples();
    const env = { ...offlineEnv(), SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_COUNT: '4' };
    const run = await tgradeInProcess(['label', input, '--shard', 'auto', '--quiet'], dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${join(dir, 'rollouts.shard-2-of-4.results.jsonl')} (shard 2/4)`);
  });

  test('refuses to resume a shard\'s results file as another shard', async () => {
    const { dir, input } = await projectWithExamples();
    expect((await tgradeInProcess(['label', input, '--shard', '1/2', '-o', join(dir, 'part.jsonl'), '--quiet'], dir)).code).toBe(0);
    const run = await tgradeInProcess(['label', input, '--shard', '2/2', '-o', join(dir, 'part.jsonl'), '--quiet'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('part.jsonl holds shard 1/2, not 2/2; resume it with --shard 1/2, or write shard 2/2 to another --out');
  });

  test('refuses to append an unsharded run to a shard\'s results file', async () => {
    const { dir, input } = await projectWithExamples();
    expect((await tgradeInProcess(['label', input, '--shard', '1/2', '-o', join(dir, 'part.jsonl'), '--quiet'], dir)).code).toBe(0);
    const before = await readFile(join(dir, 'part.jsonl'), 'utf8');
    const run = await tgradeInProcess(['label', input, '-o', join(dir, 'part.jsonl'), '--quiet'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('holds shard 1/2 of');
    expect(await readFile(join(dir, 'part.jsonl'), 'utf8')).toBe(before);
  });

  test('refuses to resume a shard over a changed input', async () => {
    const { dir, input } = await projectWithExamples();
    expect((await tgradeInProcess(['label', input, '--shard', '1/2', '-o', join(dir, 'part.jsonl'), '--quiet'], dir)).code).toBe(0);
    await copyFile(join(dir, 'package.json'), join(dir, 'other.jsonl'));
    const other = join(dir, 'other.jsonl');
    const run = await tgradeInProcess(['label', other, '--shard', '1/2', '-o', join(dir, 'part.jsonl'), '--quiet'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('holds shard 1/2 of another input');
  });

  test('a bad --shard is a usage error that names the form expected', async () => {
    const { dir, input } = await projectWithExamples();
    const run = await tgradeInProcess(['label', input, '--shard', '4/3', '--quiet'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--shard: the shard must be 1 to 3');
  });

  test('a merge missing a shard exits 1, says which, and writes nothing', async () => {
    const { dir, input } = await projectWithExamples();
    expect((await tgradeInProcess(['label', input, '--shard', '1/2', '--quiet'], dir)).code).toBe(0);
    const run = await tgradeInProcess(['merge', join(dir, 'rollouts.shard-1-of-2.results.jsonl'), '-o', join(dir, 'all.jsonl')], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing shard 2/2 of');
    expect(existsSync(join(dir, 'all.jsonl'))).toBe(false);
  });
});
