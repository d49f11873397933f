import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readTranscripts, type TranscriptOrProblem } from '../../src/transcript/read-transcripts.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

async function readAll(file: string, keepId: (id: string) => boolean): Promise<TranscriptOrProblem[]> {
  const items: TranscriptOrProblem[] = [];
  for await (const item of readTranscripts(file, { keepId })) items.push(item);
  return items;
}

function idsOf(items: readonly TranscriptOrProblem[]): string[] {
  return items.flatMap((item) => (item.ok ? [item.transcript.id] : []));
}

describe('readTranscripts with keepId (a shard\'s share)', () => {
  test('passes over the records whose id it rejects, numeric ids read as strings', async () => {
    const file = join(await tempDir(), 'in.jsonl');
    await writeFile(file, jsonl([{ id: 'a', text: 'x' }, { id: 'b', text: 'x' }, { id: 7, text: 'x' }]));
    expect(idsOf(await readAll(file, (id) => id !== 'b'))).toEqual(['a', '7']);
  });

  test('leaves a malformed record to the shard that keeps its id', async () => {
    const file = join(await tempDir(), 'in.jsonl');
    await writeFile(file, jsonl([{ id: 'mine', text: 'x' }, { id: 'theirs', messages: 'not a list' }]));
    const items = await readAll(file, (id) => id === 'mine');
    expect(items).toHaveLength(1);
    expect(idsOf(items)).toEqual(['mine']);
  });

  test('leaves a repeated id to the shard that keeps it', async () => {
    const file = join(await tempDir(), 'in.jsonl');
    await writeFile(file, jsonl([{ id: 'theirs', text: 'x' }, { id: 'theirs', text: 'y' }, { id: 'mine', text: 'x' }]));
    expect(await readAll(file, (id) => id === 'mine')).toEqual([expect.objectContaining({ ok: true })]);
  });

  test('still yields a record without an id, named by file and line, for the caller to filter', async () => {
    const file = join(await tempDir(), 'in.jsonl');
    await writeFile(file, jsonl([{ text: 'x' }]));
    expect(idsOf(await readAll(file, () => false))).toEqual([`${file}:1`]);
  });
});
