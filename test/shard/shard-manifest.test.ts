import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { checkResultsFileForRun, manifestPath, readManifest, writeManifest } from '../../src/shard/shard-manifest.js';
import { tempDir } from '../helpers/temp-dir.js';

const RUN = { spec: { index: 2, count: 4 }, inputHash: `sha256:${'c'.repeat(64)}`, input: 'rollouts.jsonl' };

function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(isTgradeError(error, 'E_SHARD_MISMATCH')).toBe(true);
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('the shard sidecar of a results file', () => {
  test('a new results file gets the shard, the input hash and no completion yet', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    expect(checkResultsFileForRun(results, RUN)).toEqual({ format: 'tgrade-shard/1', shard: { index: 2, count: 4 }, inputHash: RUN.inputHash, input: 'rollouts.jsonl' });
  });

  test('reads back what was written', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    const manifest = { format: 'tgrade-shard/1' as const, shard: RUN.spec, inputHash: RUN.inputHash, input: RUN.input, completedAt: '2026-01-01T00:00:00.000Z' };
    writeManifest(results, manifest);
    expect(readManifest(results)).toEqual(manifest);
  });

  test('the same shard of the same input resumes', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    writeManifest(results, { format: 'tgrade-shard/1', shard: RUN.spec, inputHash: RUN.inputHash, input: 'other/path/rollouts.jsonl' });
    expect(checkResultsFileForRun(results, RUN)?.shard).toEqual(RUN.spec);
  });

  test('a sidecar that is not JSON is named, with what to do', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    await writeFile(manifestPath(results), '{"format": "tgrade-sh');
    const error = thrownBy(() => readManifest(results));
    expect(error.message).toContain(`${results}.shard.json: not valid JSON`);
    expect(error.message).toContain('relabel that shard into a new file');
  });

  test('a sidecar of another shape names the field', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    await writeFile(manifestPath(results), JSON.stringify({ format: 'tgrade-shard/1', shard: { index: 5, count: 4 }, inputHash: RUN.inputHash, input: 'x' }));
    expect(thrownBy(() => readManifest(results)).message).toContain('index above count at shard');
  });

  test('a results file an unsharded run wrote is not taken over by a shard', async () => {
    const results = join(await tempDir(), 'part.jsonl');
    await writeFile(results, '{"transcriptId":"a","grader":"g"}\n');
    expect(thrownBy(() => checkResultsFileForRun(results, RUN)).message).toContain('already holds results of an unsharded run');
  });
});
