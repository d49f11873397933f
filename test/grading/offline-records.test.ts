import { copyFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { labelFile } from '../../src/label.js';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

// The offline pass must give the same records as before it was made faster (issue 17 item 1): same
// verdicts, quotes, offsets and key order; only the time stamp differs. The expected files were
// written by the code before the change (see test/fixtures/offline-records/README.md).
const INPUTS: { name: string; path: string }[] = [
  { name: 'generated-rollouts', path: 'test/fixtures/offline-records/generated-rollouts.jsonl' },
  { name: 'rollouts', path: 'examples/rollouts/rollouts.jsonl' },
  { name: 'cases', path: 'test/fixtures/reasoning-context/cases.jsonl' },
  { name: 'mixed-problems', path: 'test/fixtures/foundation/transcripts/mixed-problems.jsonl' },
  { name: 'alignment-faking-gold-106', path: 'calibration/alignment-faking-gold-106/transcripts.jsonl' },
];

/**
 * A record as the expected file holds it: no time stamp, the input named by its file name (also in
 * the ids given to records without one, which name the input's path).
 */
function comparable(line: string, dir: string): string {
  const record = JSON.parse(line.replaceAll(`${dir}/`, '')) as { gradedAt?: string; source: { file: string } };
  delete record.gradedAt;
  record.source.file = basename(record.source.file);
  return JSON.stringify(record);
}

describe('the offline pass records', () => {
  it.each(INPUTS)('are the same as before the offline pass was optimized on $name', async ({ name, path }) => {
    const dir = await tempProject();
    const input = join(dir, `${name}.jsonl`);
    await copyFile(fromRoot(path), input);
    const setup = await loadSetup({ cwd: dir });
    const out = join(dir, 'results.jsonl');
    await labelFile({ setup, input, out });
    const written = (await readFile(out, 'utf8')).trimEnd().split('\n').map((line) => comparable(line, dir));
    const expected = (await readFile(fromRoot(`test/fixtures/offline-records/expected/${name}.results.jsonl`), 'utf8')).trimEnd().split('\n');
    expect(written).toEqual(expected);
  });
});

/** Labels one of INPUTS with the built CLI in a fresh project; returns the folder and the records as the expected file holds them. */
async function labelWithCli(name: string, path: string, runs: readonly string[][]): Promise<string[]> {
  const dir = await tempProject();
  await copyFile(fromRoot(path), join(dir, `${name}.jsonl`));
  for (const args of runs) {
    const run = await runCli(['label', `${name}.jsonl`, '-o', 'results.jsonl', '--quiet', '--json', ...args], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }
  return (await readFile(join(dir, 'results.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => comparable(line, dir));
}

const expectedRecords = async (name: string) => (await readFile(fromRoot(`test/fixtures/offline-records/expected/${name}.results.jsonl`), 'utf8')).trimEnd().split('\n');

describe('tgrade label --jobs', () => {
  beforeAll(() => requireBuiltCli());

  it.each(INPUTS.filter(({ name }) => name === 'generated-rollouts' || name === 'alignment-faking-gold-106'))(
    'writes the same records in the same order with two worker threads as in one thread on $name',
    async ({ name, path }) => {
      expect(await labelWithCli(name, path, [['--jobs', '2']])).toEqual(await expectedRecords(name));
    },
  );

  it('resumes a run started without workers and appends exactly the missing records', async () => {
    const { name, path } = INPUTS[0] as (typeof INPUTS)[number];
    expect(await labelWithCli(name, path, [['--limit', '7'], ['--jobs', '2']])).toEqual(await expectedRecords(name));
  });
});
