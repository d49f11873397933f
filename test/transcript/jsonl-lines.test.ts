import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { readJsonLines, readLines } from '../../src/transcript/jsonl-lines.js';
import { tempDir } from '../helpers/temp-dir.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function fileWith(content: string): Promise<string> {
  const file = join(await tempDir(), 'input.jsonl');
  await writeFile(file, content);
  return file;
}

describe('readLines', () => {
  test('blank lines are skipped but still counted, so numbers match an editor', async () => {
    const file = await fileWith('a\n\n   \nb\n');
    expect(await collect(readLines(file))).toEqual([
      { line: 1, text: 'a' },
      { line: 4, text: 'b' },
    ]);
  });

  test('Windows line endings are removed from the lines', async () => {
    const file = await fileWith('a\r\nb\r\n');
    expect((await collect(readLines(file))).map((line) => line.text)).toEqual(['a', 'b']);
  });

  test('a last line without a newline is still read', async () => {
    const file = await fileWith('a\nb');
    expect((await collect(readLines(file))).map((line) => line.text)).toEqual(['a', 'b']);
  });

  test('a byte-order mark at the start of the file is not part of the first line', async () => {
    const file = await fileWith('\uFEFF{"id":"a","text":"x"}\n');
    expect(await collect(readJsonLines(file))).toEqual([{ line: 1, ok: true, value: { id: 'a', text: 'x' } }]);
  });

  test('lines longer than a read, and characters and line breaks split between reads, come out whole', async () => {
    // Reads are 64 KB: put a 4-byte character and a \r\n across the first boundary, and a line of 200 KB.
    const split = `${'a'.repeat(64 * 1024 - 2)}🙂\n`;
    const crlf = `${'b'.repeat(64 * 1024 - 1)}\r\nc\n`;
    const long = 'd'.repeat(200 * 1024);
    for (const [content, expected] of [
      [split, [`${'a'.repeat(64 * 1024 - 2)}🙂`]],
      [crlf, ['b'.repeat(64 * 1024 - 1), 'c']],
      [`${long}\nlast`, [long, 'last']],
    ] as const) {
      const file = await fileWith(content);
      const lines = await collect(readLines(file));
      expect(lines.map((line) => line.text)).toEqual(expected);
      expect(lines.map((line) => line.line)).toEqual(expected.map((_, index) => index + 1));
    }
  });

  test('a lone CR is not a line break, so line numbers are those of newline-counting tools (wc -l, grep -n, jq)', async () => {
    const file = await fileWith('{"a":1}\r{"b":2}\n{"c":3}\n');
    expect(await collect(readLines(file))).toEqual([
      { line: 1, text: '{"a":1}\r{"b":2}' },
      { line: 2, text: '{"c":3}' },
    ]);
  });

  test('a CRLF split between two reads is one line break', async () => {
    const first = 'e'.repeat(64 * 1024 - 1);
    const file = await fileWith(`${first}\r\nf\r\n`);
    expect(await collect(readLines(file))).toEqual([
      { line: 1, text: first },
      { line: 2, text: 'f' },
    ]);
  });

  test('invalid UTF-8 is counted for the file, with the first line it is on; a real U+FFFD in the file is not counted', async () => {
    const file = join(await tempDir(), 'input.jsonl');
    await writeFile(file, Buffer.concat([Buffer.from('ok \uFFFD\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\nalso '), Buffer.from([0xc3]), Buffer.from('\n')]));
    const decoding = { invalidUtf8: 0, firstInvalidLine: null as number | null };
    const lines = await collect(readLines(file, decoding));
    expect(lines.map((line) => line.text)).toEqual(['ok \uFFFD', 'bad \uFFFD\uFFFD', 'also \uFFFD']);
    expect(decoding).toEqual({ invalidUtf8: 3, firstInvalidLine: 2 });
  });

  test('a folder is an E_INPUT_UNREADABLE error, not a crash', async () => {
    const folder = await tempDir();
    const error = await collect(readLines(folder)).catch((caught: unknown) => caught);
    expect(isTgradeError(error, 'E_INPUT_UNREADABLE')).toBe(true);
    expect((error as Error).message).toBe(`cannot read ${folder}: it is a folder, not a file (EISDIR)`);
  });

  test('a missing file is an E_INPUT_UNREADABLE error that names the file and says why', async () => {
    const file = join(await tempDir(), 'nope.jsonl');
    const error = await collect(readLines(file)).catch((caught: unknown) => caught);
    expect(isTgradeError(error, 'E_INPUT_UNREADABLE')).toBe(true);
    expect((error as Error).message).toBe(`cannot read ${file}: no such file (ENOENT)`);
  });
});

describe('readJsonLines', () => {
  test('a malformed line becomes an error entry with its line number and the lines after it are still read', async () => {
    const file = await fileWith('{"a":1}\n{"a":\n{"a":3}\n');
    const lines = await collect(readJsonLines(file));
    expect(lines.map((line) => [line.line, line.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(lines[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON \(/) });
  });

  test('a JSON error that quotes the line shows its control characters escaped, never raw (a terminal would run them)', async () => {
    const file = await fileWith('{"id": "x", "text": \u001b]0;owned\u0007 \u009b31m}\n');
    const [line] = await collect(readJsonLines(file));
    expect(line).toMatchObject({ ok: false });
    const error = (line as { error: string }).error;
    expect(error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(error).toContain('\\u001b]0;owned\\u0007');
  });
});
