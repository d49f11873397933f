/**
 * A run killed while it wrote a cache entry leaves a temporary file behind. The next run that opens
 * the cache removes such orphans — and only those: a file another live process is writing stays.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/providers/response-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

const KEY = 'ab'.repeat(32);
const RESPONSE = { raw: '{}', json: {}, model: 'claude-sonnet-4-6', usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 } };

/** The pid of a process that has exited (so no process holds it, barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

async function cacheWithEntry(): Promise<string> {
  const dir = join(await tempDir(), '.tgrade-cache');
  await new ResponseCache(dir).set(KEY, RESPONSE);
  return dir;
}

describe('ResponseCache clean-up of orphan temporary files', () => {
  it('removes a temporary file whose writing process is gone, on the first read', async () => {
    const dir = await cacheWithEntry();
    const orphan = join(dir, 'tmp', `${'cd'.repeat(32)}.${deadPid()}.0a1b2c3d4e5f.tmp`);
    await writeFile(orphan, '{"raw":"half');

    expect(await new ResponseCache(dir).get(KEY)).toEqual(RESPONSE);

    expect(await exists(orphan)).toBe(false);
  });

  it('removes a temporary file an earlier version left beside the entries', async () => {
    const dir = join(await tempDir(), '.tgrade-cache');
    await mkdir(join(dir, 'cd'), { recursive: true });
    const orphan = join(dir, 'cd', `${'cd'.repeat(32)}.json.0a1b2c3d4e5f.tmp`);
    await writeFile(orphan, '{"raw":"half');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(orphan, anHourAgo, anHourAgo);

    await new ResponseCache(dir).set(KEY, RESPONSE);

    expect(await exists(orphan)).toBe(false);
    expect(await readdir(join(dir, 'ab'))).toEqual([`${KEY}.json`]);
  });

  it('keeps a temporary file that a live process is still writing', async () => {
    const dir = await cacheWithEntry();
    const another = join(dir, 'tmp', `${'cd'.repeat(32)}.${process.ppid}.0a1b2c3d4e5f.tmp`);
    await writeFile(another, '{"raw":"half');

    await new ResponseCache(dir).get(KEY);

    expect(await exists(another)).toBe(true);
  });

  it('leaves no temporary file behind after its own writes', async () => {
    const dir = await cacheWithEntry();
    const cache = new ResponseCache(dir);
    await Promise.all(Array.from({ length: 5 }, (_, index) => cache.set(String(index).repeat(64), RESPONSE)));

    const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.tmp'));
    expect(files).toEqual([]);
  });
});
