import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatProblem, readTranscripts, type TranscriptOrProblem } from '../../src/transcript/read-transcripts.js';
import { foundationFixture } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

const mixed = foundationFixture('transcripts/mixed-problems.jsonl');

async function readAll(file: string): Promise<TranscriptOrProblem[]> {
  const items: TranscriptOrProblem[] = [];
  for await (const item of readTranscripts(file)) items.push(item);
  return items;
}

const lineOf = (item: TranscriptOrProblem) => (item.ok && 'line' in item.transcript.source ? item.transcript.source.line : item.ok ? undefined : item.problem.line);

describe('readTranscripts on a file with bad lines', () => {
  test('yields every non-blank line in file order, as a transcript or as a problem', async () => {
    const items = await readAll(mixed);
    expect(items.map((item) => [lineOf(item), item.ok])).toEqual([
      [1, true],
      [3, false],
      [4, true],
      [5, false],
      [7, false],
      [8, true],
      [9, false],
    ]);
  });

  test('a malformed JSON line is reported with its file and line', async () => {
    const problem = (await readAll(mixed)).find((item) => !item.ok && item.problem.line === 3);
    expect(problem?.ok === false && formatProblem(problem.problem)).toMatch(new RegExp(`^${mixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
  });

  test('a record with neither messages nor text is reported, not skipped silently', async () => {
    const problem = (await readAll(mixed)).find((item) => !item.ok && item.problem.line === 5);
    expect(problem).toEqual({ ok: false, problem: { file: mixed, line: 5, message: 'expected a `messages` array or a `text` string' } });
  });

  test('a record without an id is named file:line, counting the blank lines above it', async () => {
    const item = (await readAll(mixed)).find((candidate) => lineOf(candidate) === 4);
    expect(item?.ok && item.transcript.id).toBe(`${mixed}:4`);
  });

  test('the good records around the bad ones are read in full', async () => {
    const transcripts = (await readAll(mixed)).flatMap((item) => (item.ok ? [item.transcript] : []));
    expect(transcripts.map((transcript) => transcript.id)).toEqual(['good-text', `${mixed}:4`, 'good-messages']);
    expect(transcripts[0]?.actions[0]).toMatchObject({ command: 'ls ./rl_environment/', output: 'compute_reward.py' });
    expect(transcripts[2]?.answer?.text).toBe('Hello.');
  });
});

describe('readTranscripts on a file with a repeated id', () => {
  async function fileWith(lines: readonly unknown[]): Promise<string> {
    const file = join(await tempDir(), 'rollouts.jsonl');
    await writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    return file;
  }

  test('reports the second record with the id as a duplicate, naming the first line, and yields the first only', async () => {
    const file = await fileWith([{ id: 'a', text: 'first' }, { id: 'b', text: 'other' }, { id: 'a', text: 'different content' }]);
    const items = await readAll(file);
    expect(items.filter((item) => item.ok).map((item) => item.ok && item.transcript.text)).toEqual(['first', 'other']);
    const problems = items.flatMap((item) => (item.ok ? [] : [item.problem]));
    expect(problems.map(formatProblem)).toEqual([`${file}:3: duplicate id "a" (first at line 1)`]);
    expect(problems[0]?.kind).toBe('duplicate-id');
  });

  test('reports a record without an id whose file:line name is already an explicit id', async () => {
    const file = join(await tempDir(), 'rollouts.jsonl');
    await writeFile(file, `${JSON.stringify({ id: `${file}:2`, text: 'named' })}\n${JSON.stringify({ text: 'unnamed' })}\n`);
    const problems = (await readAll(file)).flatMap((item) => (item.ok ? [] : [item.problem]));
    expect(problems.map(formatProblem)).toEqual([`${file}:2: duplicate id "${file}:2" (first at line 1; a record without an id is named by its file and line)`]);
  });
});

describe('readTranscripts on untrusted bytes', () => {
  test('a duplicate id with control characters is quoted escaped', async () => {
    const file = join(await tempDir(), 'rollouts.jsonl');
    const id = 'a\u001b[2Jb\u202e';
    await writeFile(file, `${JSON.stringify({ id, text: 'x' })}\n${JSON.stringify({ id, text: 'y' })}\n`);
    const problems = (await readAll(file)).flatMap((item) => (item.ok ? [] : [item.problem]));
    expect(problems.map((problem) => problem.message)).toEqual(['duplicate id "a\\u001b[2Jb\\u202e" (first at line 1)']);
  });

  test('invalid UTF-8 is reported once for the file, with the count and the first line, and the transcripts are still read', async () => {
    const file = join(await tempDir(), 'rollouts.jsonl');
    const line = (text: Buffer) => Buffer.concat([Buffer.from('{"id": "t", "text": "'), text, Buffer.from('"}\n')]);
    await writeFile(file, Buffer.concat([Buffer.from('{"id": "ok", "text": "fine"}\n'), line(Buffer.from([0x61, 0xff, 0x62])), Buffer.from('{"id": "u", "text": "fine too"}\n')]));
    const items = await readAll(file);
    expect(items.filter((item) => item.ok).map((item) => item.ok && item.transcript.id)).toEqual(['ok', 't', 'u']);
    const problems = items.flatMap((item) => (item.ok ? [] : [item.problem]));
    expect(problems).toEqual([
      {
        file,
        line: 2,
        kind: 'invalid-utf8',
        count: 1,
        message: '1 invalid UTF-8 byte sequence(s) in this file (the first on this line) were read as U+FFFD; the transcripts were read with the replacement character. Re-encode the file as UTF-8 to grade the original text',
      },
    ]);
  });
});
