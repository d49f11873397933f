import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadGoldSetSpec } from '../../src/gold/gold-set.js';
import { inspectLog } from '../helpers/inspect-logs.js';
import { tempDir, writeFiles } from '../helpers/temp-dir.js';

describe('gold.yaml transcripts:', () => {
  test('names the transcripts file, here an Inspect .eval log', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'gold.yaml': 'rubric: reward-tampering-action\ntranscripts: run.eval\n' });
    await copyFile(inspectLog('built/reward-tampering.eval'), join(dir, 'run.eval'));
    const { paths } = await loadGoldSetSpec(dir);
    expect(paths.transcripts).toBe(join(dir, 'run.eval'));
  });

  test('a named file that is missing is named in the error', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'gold.yaml': 'rubric: reward-tampering-action\ntranscripts: run.eval\n' });
    await expect(loadGoldSetSpec(dir)).rejects.toThrow('a gold set folder needs run.eval (named by `transcripts:` in gold.yaml)');
  });
});
