import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadDotEnv } from '../../src/cli/dotenv.js';
import { loadSetup } from '../../src/config/setup.js';
import { parseModelOption } from '../../src/config/run-overrides.js';
import { inspectLog } from '../helpers/inspect-logs.js';
import { tgradeInProcess } from '../helpers/in-process-cli.js';
import { tempProject } from '../helpers/temp-dir.js';

describe('--model provider/model', () => {
  test('splits at the first slash, so a model id may hold slashes', () => {
    expect(parseModelOption('openai-compatible/Qwen/Qwen2.5-7B')).toEqual({ provider: 'openai-compatible', model: 'Qwen/Qwen2.5-7B' });
  });

  test('an unknown provider is a usage error that lists the providers', () => {
    expect(() => parseModelOption('gemini/pro')).toThrow(/provider one of anthropic, openai, openai-compatible/);
  });

  test('replaces the model of every LLM grader and leaves the others alone', async () => {
    const dir = await tempProject({
      'tgrade.config.json': { graders: [{ use: 'reward-tampering-actions' }, { use: 'llm-rubric', name: 'judge', rubric: 'reward-tampering-reasoning', llm: { provider: 'anthropic', model: 'claude-haiku-4-5', baseURL: 'http://localhost:9' } }] },
    });
    const setup = await loadSetup({ cwd: dir, overrides: { model: 'openai/gpt-4.1-mini', concurrency: 3 } });
    const judge = setup.instances.find((instance) => instance.name === 'judge');
    expect(judge?.llm).toMatchObject({ provider: 'openai', model: 'gpt-4.1-mini' });
    expect(judge?.llm?.baseURL).toBeUndefined();
    expect(setup.instances.find((instance) => instance.name !== 'judge')?.llm).toBeUndefined();
    expect(setup.config.concurrency).toBe(3);
  });
});

describe('tgrade label conventions', () => {
  test('--limit grades only the first n transcripts, and -o names the results file', async () => {
    const dir = await tempProject();
    const out = join(dir, 'r.jsonl');
    const run = await tgradeInProcess(['label', inspectLog('built/epochs.eval'), '--limit', '2', '-o', out, '--json', '--quiet'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { transcripts: number }).transcripts).toBe(2);
  });

  test('a folder of Inspect logs is an input', async () => {
    const dir = await tempProject();
    const run = await tgradeInProcess(['label', inspectLog('built'), '-o', join(dir, 'r.jsonl'), '--json', '--quiet'], dir);
    expect((JSON.parse(run.stdout) as { transcripts: number }).transcripts).toBe(14);
  });

  test('--concurrency takes a whole number of 1 or more', async () => {
    const run = await tgradeInProcess(['--concurrency', '0', 'label', 'x.jsonl'], await tempProject());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--concurrency <n>' argument '0' is invalid. expected a whole number ≥ 1");
  });
});

describe('.env', () => {
  const keys = ['TGRADE_TEST_FROM_DOTENV', 'TGRADE_TEST_ALREADY_SET'];
  afterEach(() => {
    for (const key of keys) delete process.env[key];
  });

  test('loads variables from ./.env without overriding ones already set', async () => {
    const dir = await tempProject();
    await writeFile(join(dir, '.env'), 'TGRADE_TEST_FROM_DOTENV=from-file\nTGRADE_TEST_ALREADY_SET=from-file\n');
    process.env['TGRADE_TEST_ALREADY_SET'] = 'from-shell';
    loadDotEnv(dir);
    expect(process.env['TGRADE_TEST_FROM_DOTENV']).toBe('from-file');
    expect(process.env['TGRADE_TEST_ALREADY_SET']).toBe('from-shell');
  });

  test('a folder without .env is fine', async () => {
    expect(loadDotEnv(await tempProject())).toEqual([]);
  });
});
