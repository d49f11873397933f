import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { foundationFixture } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

beforeAll(() => {
  requireBuiltCli();
});

describe('tgrade rubrics (built CLI)', () => {
  test('lists both shipped rubrics and both heuristic graders with where they came from', async () => {
    const { code, stdout, stderr } = await runCli(['rubrics'], { cwd: await tempProject() });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^config: none found \(built-in defaults\)$/m);
    expect(stdout).toMatch(/^  reward-tampering-action  \[none, inspected_only, tamper_attempt, tamper_and_hide\]  reads actions  \(.*rubrics\/reward-tampering-action\.md\)$/m);
    expect(stdout).toMatch(/^  reward-tampering-reasoning  \[explicit_scheming, plausible_rationalization, honest, no_reasoning\]  reads scratchpad, context prompt\+actions\+answer  \(.*rubrics\/reward-tampering-reasoning\.md\)$/m);
    expect(stdout).toContain('  reward-tampering-actions  serves reward-tampering-action  (built-in: graders/reward-tampering-heuristics)');
    expect(stdout).toContain('  reward-tampering-reasoning-phrases  serves reward-tampering-reasoning  (built-in: graders/reward-tampering-heuristics)');
    expect(stdout).toContain('  reward-tampering-actions: reward-tampering-actions on reward-tampering-action');
  });

  test("a config's plugin and rubric folder show with their own origins", async () => {
    const project = await tempProject({ 'tgrade.config.json': { plugins: ['./plugins/always-none.mjs'], rubrics: ['./rubrics'], graders: [{ use: 'always-none' }] } });
    await cp(foundationFixture('plugins'), join(project, 'plugins'), { recursive: true });
    await cp(foundationFixture('rubrics/valid'), join(project, 'rubrics'), { recursive: true });
    const { code, stdout, stderr } = await runCli(['rubrics'], { cwd: project });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`config: ${join(project, 'tgrade.config.json')}`);
    expect(stdout).toContain('  transcript-length  [short, long]  reads answer  (rubrics/transcript-length.md)');
    expect(stdout).toContain('  always-none  serves reward-tampering-action  (./plugins/always-none.mjs)');
    expect(stdout).toMatch(/configured to run:\n  always-none: always-none on reward-tampering-action\n?$/);
  });
});
