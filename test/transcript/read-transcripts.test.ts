import { describe, expect, test } from 'vitest';
import { formatProblem, readTranscripts, type TranscriptOrProblem } from '../../src/transcript/read-transcripts.js';
import { foundationFixture } from '../helpers/paths.js';

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
