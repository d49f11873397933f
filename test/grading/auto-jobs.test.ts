import { open, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { autoJobs } from '../../src/label.js';
import { fromRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A JSONL file of `bytes` bytes: one record, then a sparse tail (only the size is read). */
async function jsonlOfSize(bytes: number): Promise<string> {
  const file = join(await tempDir(), 'rollouts.jsonl');
  await writeFile(file, '{"id":"a","text":"x"}\n');
  const handle = await open(file, 'r+');
  await handle.truncate(bytes);
  await handle.close();
  return file;
}

describe('--jobs auto', () => {
  test('grades a small JSONL input in this thread', async () => {
    expect(await autoJobs(await jsonlOfSize(15 * 1024 * 1024))).toBe(1);
  });

  test('starts one worker per 16 MB of JSONL, at most one per core', async () => {
    expect(await autoJobs(await jsonlOfSize(40 * 1024 * 1024))).toBe(Math.min(2, availableParallelism()));
    expect(await autoJobs(await jsonlOfSize(16 * 1024 * 1024 * 1024))).toBe(availableParallelism());
  });

  test('grades an Inspect log in this thread, where reading it is most of the cost', async () => {
    expect(await autoJobs(fromRoot('test/fixtures/inspect-logs/real/log_formats.eval'))).toBe(1);
  });
});
