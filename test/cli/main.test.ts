import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { offlineEnv } from '../helpers/cli.js';
import { exampleRollouts, foundationFixture } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

/**
 * The CLI run in-process with captured output: the same commands the e2e tests run as a child
 * process, for the cases where spawning a process adds nothing. Paths given to `label` are
 * absolute, because the library resolves them against the process's working folder.
 */
async function tgrade(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), isTTY: false, env: offlineEnv(), cwd };
  const code = await main(['node', 'tgrade', ...args], io);
  return { code, stdout, stderr };
}

describe('tgrade in-process', () => {
  test('import predictions --help names the fields each prediction needs', async () => {
    const { stdout } = await tgrade(['import', 'predictions', '--help'], await tempProject());
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/each prediction needs sample_idx \(0-based index into the gold set's transcripts\.jsonl\), predicted_label \(1\/0, true\/false/);
  });

  test.each(['agreement', 'calibrate'])('%s --help documents pointEstimate, so a --json reader of .value alone knows where an estimate without interval went', async (command) => {
    const { code, stdout } = await tgrade([command, '--help'], await tempProject());
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('a figure with no interval is {value: null, reason, pointEstimate?}: read pointEstimate for the estimate itself');
  });


  test('--help exits 0 and lists the commands', async () => {
    const { code, stdout } = await tgrade(['--help'], await tempProject());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}label \[options\] <rollouts\.jsonl>/m);
    expect(stdout).toMatch(/^ {2}rubrics \[options\]/m);
  });

  test('an unknown option is a usage error (exit 2) naming the option', async () => {
    const { code, stderr } = await tgrade(['label', 'x.jsonl', '--no-such-flag'], await tempProject());
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--no-such-flag'");
  });

  test('a config naming an unknown grader exits 2 naming the entry', async () => {
    const project = await tempProject({ 'tgrade.config.yaml': 'graders:\n  - use: no-such-grader\n' });
    const { code, stderr } = await tgrade(['rubrics'], project);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tgrade: .*tgrade\.config\.yaml: graders\.0\.use: no grader "no-such-grader"/);
  });

  test('a plugin with a wrong export exits 2 with E_PLUGIN_INVALID\'s message', async () => {
    const project = await tempProject();
    const { code, stderr } = await tgrade(['rubrics', '--plugin', foundationFixture('plugins/wrong-export.mjs')], project);
    expect(code).toBe(2);
    expect(stderr).toContain('its default export must be a grader, an array of graders, or { graders, rubrics? }');
  });

  test('rubrics --json lists rubrics, graders with their origins, and the configured instances', async () => {
    const { code, stdout } = await tgrade(['rubrics', '--json'], await tempProject());
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as { config: null; rubrics: { id: string }[]; graders: { id: string; origin: string }[]; configured: { name: string; rubric: string }[] };
    expect(listing.config).toBeNull();
    expect(listing.rubrics.map((rubric) => rubric.id)).toEqual(expect.arrayContaining(['reward-tampering-action', 'reward-tampering-reasoning']));
    expect(listing.graders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'reward-tampering-actions', origin: 'built-in: graders/reward-tampering-heuristics' }),
        expect.objectContaining({ id: 'reward-tampering-reasoning-phrases', origin: 'built-in: graders/reward-tampering-heuristics' }),
      ]),
    );
    expect(listing.configured).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'reward-tampering-actions', rubric: 'reward-tampering-action' })]));
  });

  test('a config with its own graders: list says in the summary that the built-ins are not used', async () => {
    const project = await tempProject({ 'tgrade.config.yaml': 'graders:\n  - use: reward-tampering-actions\n' });
    const input = join(project, 'rollouts.jsonl');
    await copyFile(exampleRollouts, input);
    const { code, stdout } = await tgrade(['label', input], project);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('graders from tgrade.config.yaml: reward-tampering-actions; built-ins not used (a `graders:` list replaces them: list the built-ins there too to keep them)');
  });

  test('without a graders: list the summary adds no note about where graders came from', async () => {
    const project = await tempProject();
    const input = join(project, 'rollouts.jsonl');
    await copyFile(exampleRollouts, input);
    const { stdout } = await tgrade(['label', input], project);
    expect(stdout).not.toContain('built-ins not used');
  });

  test('label --graders X summarizes only X, not every grader already in the results file', async () => {
    const project = await tempProject();
    const input = join(project, 'rollouts.jsonl');
    await copyFile(exampleRollouts, input);
    await tgrade(['label', input], project);
    const { code, stdout } = await tgrade(['label', input, '--graders', 'reward-tampering-actions'], project);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^reward-tampering-actions {2}\(rubric reward-tampering-action\)$/m);
    expect(stdout).not.toContain('reward-tampering-reasoning-phrases');
  });

  test('label with --out, --graders and a --plugin: the plain-object plugin runs beside the chosen built-in', async () => {
    const project = await tempProject();
    const input = join(project, 'rollouts.jsonl');
    await copyFile(exampleRollouts, input);
    await copyFile(foundationFixture('plugins/always-none.mjs'), join(project, 'always-none.mjs'));
    const out = join(project, 'out', 'results.jsonl');
    const { code, stdout, stderr } = await tgrade(['label', input, '--out', out, '--plugin', './always-none.mjs', '--graders', 'reward-tampering-actions,always-none'], project);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('always-none  (rubric reward-tampering-action)');
    expect(stdout).toMatch(/^ {2}none +12 of 12, /m);
    const graders = (await readFile(out, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { grader: string }).grader);
    expect(graders).toHaveLength(24);
    expect(new Set(graders)).toEqual(new Set(['reward-tampering-actions', 'always-none']));
  });

  test('--graders naming an instance that is not configured exits 2 listing the configured ones', async () => {
    const project = await tempProject();
    const { code, stderr } = await tgrade(['label', exampleRollouts, '--out', join(project, 'r.jsonl'), '--graders', 'nope'], project);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tgrade: no configured grader named nope \(configured: reward-tampering-actions, reward-tampering-reasoning-phrases/);
  });
});
