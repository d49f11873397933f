import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { exampleRollouts } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

beforeAll(() => {
  requireBuiltCli();
});

describe('tgrade label run twice (built CLI)', () => {
  test('a second run appends nothing and says every pair was already done', async () => {
    const project = await tempProject();
    await copyFile(exampleRollouts, join(project, 'rollouts.jsonl'));
    const out = join(project, 'rollouts.results.jsonl');
    expect((await runCli(['label', 'rollouts.jsonl'], { cwd: project })).code).toBe(0);
    const before = await readFile(out, 'utf8');
    const second = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(second.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(before);
    expect(second.stdout).toContain('12 labelled, 0 graded now, 12 already done');
  });
});
