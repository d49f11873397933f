import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { mergeShardResults, type MergeOptions } from '../../src/shard/merge-results.js';
import { writeManifest } from '../../src/shard/shard-manifest.js';
import { shardOfId } from '../../src/shard/shard-spec.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

const INPUT_HASH = `sha256:${'a'.repeat(64)}`;
const OTHER_INPUT_HASH = `sha256:${'b'.repeat(64)}`;
const ids = Array.from({ length: 60 }, (_, index) => `rollout-${index}`);

function record(transcriptId: string, grader: string, label: string): object {
  return { transcriptId, grader, rubric: grader, label, status: 'ok', evidence: [], gradedAt: '2026-01-01T00:00:00.000Z' };
}

/** Results files of each shard of `ids`, as `tgrade label --shard i/n` leaves them (two graders a transcript). */
async function writeShards(dir: string, count: number, options: { inputHash?: string; completed?: boolean; prefix?: string; graders?: (index: number) => string[] } = {}): Promise<string[]> {
  const files: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const file = join(dir, `${options.prefix ?? 'rollouts'}.shard-${index}-of-${count}.results.jsonl`);
    const mine = ids.filter((id) => shardOfId(id, count) === index);
    await writeFile(file, jsonl(mine.flatMap((id) => [record(id, 'actions', 'none'), record(id, 'reasoning', 'honest')])));
    writeManifest(file, {
      format: 'tgrade-shard/1',
      shard: { index, count },
      inputHash: options.inputHash ?? INPUT_HASH,
      input: 'rollouts.jsonl',
      ...(options.completed === false ? {} : { completedAt: '2026-01-01T00:00:00.000Z', graders: options.graders?.(index) ?? ['actions', 'reasoning'] }),
    });
    files.push(file);
  }
  return files;
}

async function mergeError(options: MergeOptions): Promise<Error> {
  const error = await mergeShardResults(options).then(
    () => new Error('the merge succeeded'),
    (thrown: unknown) => thrown as Error,
  );
  expect(isTgradeError(error, 'E_SHARD_MISMATCH'), error.message).toBe(true);
  return error;
}

async function pairsOf(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  return lines.map((line) => {
    const parsed = JSON.parse(line) as { transcriptId: string; grader: string };
    return `${parsed.transcriptId} ${parsed.grader}`;
  });
}

describe('mergeShardResults', () => {
  test('writes every record of every shard exactly once, whatever order the files are named in', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 4);
    const out = join(dir, 'all.jsonl');
    const report = await mergeShardResults({ inputs: [...files].reverse(), out });
    const pairs = await pairsOf(out);
    expect(pairs).toHaveLength(ids.length * 2);
    expect(new Set(pairs)).toEqual(new Set(ids.flatMap((id) => [`${id} actions`, `${id} reasoning`])));
    expect(report).toMatchObject({ records: 120, shards: 4, inputHash: INPUT_HASH, skipped: [] });
    expect(report.files.map((file) => file.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  test('copies each record as its shard wrote it, with no sidecar on the merged file', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const out = join(dir, 'all.jsonl');
    await mergeShardResults({ inputs: files, out });
    const shardText = (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('');
    expect(await readFile(out, 'utf8')).toBe(shardText);
    expect(existsSync(`${out}.shard.json`)).toBe(false);
  });

  test('reports a missing shard and writes nothing', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 4);
    const out = join(dir, 'all.jsonl');
    const error = await mergeError({ inputs: [files[0], files[1], files[3]] as string[], out });
    expect(error.message).toContain('missing shard 3/4 of rollouts.jsonl');
    expect(existsSync(out)).toBe(false);
  });

  test('reports a shard held by two files', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const copies = await writeShards(dir, 2, { prefix: 'copy' });
    const error = await mergeError({ inputs: [...files, copies[1] as string], out: join(dir, 'all.jsonl') });
    expect(error.message).toMatch(/shard 2\/2 is in more than one file: .*rollouts\.shard-2-of-2.*copy\.shard-2-of-2/);
  });

  test('reports a file named twice', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const error = await mergeError({ inputs: [...files, files[0] as string], out: join(dir, 'all.jsonl') });
    expect(error.message).toContain('shard 1/2 is named more than once');
  });

  test('reports a shard of another input, naming both inputs\' hashes', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 3);
    const foreign = await writeShards(dir, 3, { inputHash: OTHER_INPUT_HASH, prefix: 'other' });
    const error = await mergeError({ inputs: [files[0], files[1], files[2], foreign[1]] as string[], out: join(dir, 'all.jsonl') });
    expect(error.message).toContain(`other.shard-2-of-3.results.jsonl: a shard of another input (rollouts.jsonl, sha256:bbbbbbbbbbbb), not of rollouts.jsonl (sha256:aaaaaaaaaaaa)`);
  });

  test('reports shards of another split of the same input', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 3);
    const otherSplit = await writeShards(dir, 2);
    const error = await mergeError({ inputs: [...files, otherSplit[0] as string], out: join(dir, 'all.jsonl') });
    expect(error.message).toContain('split into 2 shards, the others into 3');
  });

  test('reports a results file that no sharded run wrote', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const plain = join(dir, 'plain.results.jsonl');
    await writeFile(plain, jsonl([record('x', 'actions', 'none')]));
    const error = await mergeError({ inputs: [...files, plain], out: join(dir, 'all.jsonl') });
    expect(error.message).toContain(`${plain}: not a shard's results file`);
  });

  test('refuses a shard whose run has not finished unless told to merge it anyway', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2, { completed: false });
    const out = join(dir, 'all.jsonl');
    expect((await mergeError({ inputs: files, out })).message).toMatch(/shard 1\/2 .*shard 2\/2 .*has not gone through the whole input/);
    const report = await mergeShardResults({ inputs: files, out, allowIncomplete: true });
    expect(report.files.map((file) => file.completed)).toEqual([false, false]);
    expect(report.records).toBe(120);
  });

  test('reports shards completed by different graders, since a grader skipped on one node leaves its verdicts missing there', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 3, { graders: (index) => (index === 2 ? ['actions'] : ['actions', 'reasoning']) });
    const error = await mergeError({ inputs: files, out: join(dir, 'all.jsonl') });
    expect(error.message).toContain('completed by different graders (1/3, 3/3: actions, reasoning; 2/3: actions)');
  });

  test('stops at a record that belongs to another shard, since merging it could count it twice', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const stray = ids.find((id) => shardOfId(id, 2) === 2) as string;
    await appendFile(files[0] as string, jsonl([record(stray, 'actions', 'none')]));
    const out = join(dir, 'all.jsonl');
    const error = await mergeError({ inputs: files, out });
    expect(error.message).toContain(`transcript "${stray}" belongs to shard 2/2, not 1/2`);
    expect(existsSync(out)).toBe(false);
  });

  test('skips a torn last line (a kill mid-write) and says the shard can be rerun', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const first = files[0] as string;
    const lines = (await readFile(first, 'utf8')).split('\n').filter(Boolean).length;
    await appendFile(first, '{"transcriptId":"rollout-9","grader":"act');
    const report = await mergeShardResults({ inputs: files, out: join(dir, 'all.jsonl') });
    expect(report.records).toBe(120);
    expect(report.skipped).toEqual([{ file: first, line: lines + 1, message: expect.stringContaining('incomplete last record') as string }]);
  });

  test('keeps a whole last record that only lacks its newline', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const first = files[0] as string;
    const text = await readFile(first, 'utf8');
    await writeFile(first, text.replace(/\n$/, ''));
    const out = join(dir, 'all.jsonl');
    const report = await mergeShardResults({ inputs: files, out });
    expect(report).toMatchObject({ records: 120, skipped: [] });
    expect((await readFile(out, 'utf8')).endsWith('\n')).toBe(true);
  });

  test('skips and reports a line in the middle that is not JSON', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    const first = files[0] as string;
    const [head, ...rest] = (await readFile(first, 'utf8')).split('\n');
    await writeFile(first, [head, 'garbage', ...rest].join('\n'));
    const report = await mergeShardResults({ inputs: files, out: join(dir, 'all.jsonl') });
    expect(report.records).toBe(120);
    expect(report.skipped).toEqual([{ file: first, line: 2, message: 'not a JSON record; skipped' }]);
  });

  test('refuses to write the merge over one of the shards', async () => {
    const dir = await tempDir();
    const files = await writeShards(dir, 2);
    expect((await mergeError({ inputs: files, out: files[0] as string })).message).toContain('cannot be one of the shards\' results files');
  });
});

describe('mergeShardResults over records without an id', () => {
  test('stops when the shards named the input by different paths, since such a record\'s id carries the path', async () => {
    const dir = await tempDir();
    const files: string[] = [];
    for (const [index, input] of [[1, '/data/rollouts.jsonl'], [2, 'rollouts.jsonl']] as const) {
      const file = join(dir, `part-${index}.jsonl`);
      const unnamed = Array.from({ length: 40 }, (_, line) => `${input}:${line + 1}`).filter((id) => shardOfId(id, 2) === index);
      await writeFile(file, jsonl(unnamed.map((id) => record(id, 'actions', 'none'))));
      writeManifest(file, { format: 'tgrade-shard/1', shard: { index, count: 2 }, inputHash: INPUT_HASH, input, completedAt: '2026-01-01T00:00:00.000Z' });
      files.push(file);
    }
    const error = await mergeError({ inputs: files, out: join(dir, 'all.jsonl') });
    expect(error.message).toContain('the shards named the input differently (/data/rollouts.jsonl, rollouts.jsonl)');
  });
});
