import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { hashInput } from '../../src/shard/input-hash.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('hashInput', () => {
  test('is the SHA-256 of a file\'s bytes (the FIPS 180-2 "abc" test vector)', async () => {
    const file = join(await tempDir(), 'abc.jsonl');
    await writeFile(file, 'abc');
    expect(await hashInput(file)).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('gives a copy under another name the same hash, and changed content another', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.jsonl'), '{"id":"1","text":"x"}\n');
    await writeFile(join(dir, 'b.jsonl'), '{"id":"1","text":"x"}\n');
    await writeFile(join(dir, 'c.jsonl'), '{"id":"1","text":"y"}\n');
    expect(await hashInput(join(dir, 'b.jsonl'))).toBe(await hashInput(join(dir, 'a.jsonl')));
    expect(await hashInput(join(dir, 'c.jsonl'))).not.toBe(await hashInput(join(dir, 'a.jsonl')));
  });

  test('hashes a folder by the Inspect logs it holds, not by other files beside them', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'logs', 'nested'), { recursive: true });
    await writeFile(join(dir, 'logs', 'one.json'), '{}');
    await writeFile(join(dir, 'logs', 'nested', 'two.eval'), 'zip bytes');
    const before = await hashInput(join(dir, 'logs'));
    await writeFile(join(dir, 'logs', 'notes.txt'), 'not a log');
    expect(await hashInput(join(dir, 'logs'))).toBe(before);
    await writeFile(join(dir, 'logs', 'nested', 'two.eval'), 'other zip bytes');
    expect(await hashInput(join(dir, 'logs'))).not.toBe(before);
  });

  test('names a missing input', async () => {
    const missing = join(await tempDir(), 'nope.jsonl');
    const error = await hashInput(missing).catch((thrown: unknown) => thrown);
    expect(isTgradeError(error, 'E_INPUT_UNREADABLE')).toBe(true);
    expect((error as Error).message).toContain(missing);
  });
});
