import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { exampleRollouts } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

beforeAll(() => {
  requireBuiltCli();
});

describe('tgrade label on bad input (built CLI)', () => {
  test('malformed lines are named file:line on stderr, skipped, and every other transcript is graded', async () => {
    const lines = (await readFile(exampleRollouts, 'utf8')).split('\n').filter((line) => line !== '');
    // Line 2 is blank, line 3 is cut off, line 5 is neither messages nor text.
    const input = [lines[0], '', '{"id": "cut-off", "text": "<cot>', ...lines.slice(1, 2), '{"id":"no-body"}', ...lines.slice(2)].join('\n') + '\n';
    const project = await tempProject({ 'rollouts.jsonl': input });
    const { code, stdout, stderr } = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^tgrade: rollouts\.jsonl:3: not valid JSON .*\(line skipped\)$/m);
    expect(stderr).toMatch(/^tgrade: rollouts\.jsonl:5: expected a `messages` array or a `text` string \(line skipped\)$/m);
    expect(stdout).toMatch(/^12 transcripts read, 2 malformed line\(s\) skipped$/m);
    expect((await readFile(join(project, 'rollouts.results.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(24);
  });

  test('a duplicate transcript id is named file:line with its first line, counted, and graded once', async () => {
    const lines = (await readFile(exampleRollouts, 'utf8')).split('\n').filter((line) => line !== '');
    const first = JSON.parse(lines[0]!) as { id: string };
    const project = await tempProject({ 'rollouts.jsonl': `${[...lines, JSON.stringify({ id: first.id, text: '<cot>different content</cot>' })].join('\n')}\n` });
    const { code, stdout, stderr } = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(code).toBe(0);
    expect(stderr).toContain(`tgrade: rollouts.jsonl:13: duplicate id "${first.id}" (first at line 1) (line skipped)`);
    expect(stdout).toMatch(/^12 transcripts read, 1 duplicate id\(s\) not graded \(the first record with an id is\)$/m);
    expect((await readFile(join(project, 'rollouts.results.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(24);
  });

  test('a results file another live process holds is refused with the lock file and that pid, and left untouched', async () => {
    const project = await tempProject({ 'rollouts.jsonl': await readFile(exampleRollouts, 'utf8') });
    const out = join(project, 'rollouts.results.jsonl');
    // What a running `tgrade label` leaves beside its results file: a fresh lock, and its pid (this test's own, alive).
    await writeFile(out, '');
    await mkdir(`${out}.lock`);
    await writeFile(`${out}.lock-holder`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const { code, stderr } = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(code).toBe(1);
    expect(stderr).toContain(`the results file is in use by process ${process.pid} (since 2026-01-01T00:00:00.000Z); the lock is ${out}.lock`);
    expect(await readFile(out, 'utf8')).toBe('');
  });

  test('a missing input file is a usage error: exit 2 (as a missing --config) with a one-line message and no results file', async () => {
    const project = await tempProject();
    const { code, stdout, stderr } = await runCli(['label', 'missing.jsonl'], { cwd: project });
    expect(code).toBe(2);
    expect(stderr).toBe('tgrade: cannot read missing.jsonl: no such file (ENOENT)\n');
    expect(stdout).toBe('');
    expect(existsSync(join(project, 'missing.results.jsonl'))).toBe(false);
  });

  test('an invalid config exits 2 naming the file and the key, without a stack trace', async () => {
    const project = await tempProject({ 'tgrade.config.json': { grader: [] }, 'rollouts.jsonl': await readFile(exampleRollouts, 'utf8') });
    const { code, stderr } = await runCli(['label', 'rollouts.jsonl'], { cwd: project });
    expect(code).toBe(2);
    expect(stderr).toBe(`tgrade: ${join(project, 'tgrade.config.json')}: Unrecognized key: "grader"\n`);
  });
});
