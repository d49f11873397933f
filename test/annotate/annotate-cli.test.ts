import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { copyOfLabelingGold } from './gold-fixture.js';

beforeAll(() => requireBuiltCli());

// Serving runs until Ctrl-C, so the browser tests cover it; these are the ways it refuses to start.
describe('tgrade annotate (built CLI)', () => {
  test('refuses --results without --adjudicate as a usage error (exit 2): rating is blind to graders', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['annotate', '.', '--rater', 'x', '--results', 'results.jsonl'], { cwd: gold });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--results is only read with --adjudicate');
  });

  test('requires --rater (exit 2)', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['annotate', '.'], { cwd: gold });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--rater <name>'");
  });

  test('names what a folder lacks to be a gold set', async () => {
    const run = await runCli(['annotate', '.', '--rater', 'x'], { cwd: await tempDir() });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe('tgrade: .: a gold set folder needs gold.yaml\n');
  });

  test('rejects a port outside 1–65535 (exit 2)', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['annotate', '.', '--rater', 'x', '--port', '70000'], { cwd: gold });
    expect(run.code).toBe(2);
  });
});
