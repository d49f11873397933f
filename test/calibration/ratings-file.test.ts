import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeRatingsHistory, readRatingsFile } from '../../src/gold/ratings-file.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

async function ratingsFile(name: string, content: string): Promise<string> {
  const file = join(await tempDir(), name);
  await writeFile(file, content);
  return file;
}

/** 30 labels of one rater for one item (as 30 POSTs of the labeling page would append), the last "honest". */
const thirtyLabels = Array.from({ length: 30 }, (_, index) => ({ item: 'a', rater: 'r1', label: index % 2 === 0 ? 'explicit_scheming' : 'honest' }));

describe('readRatingsFile: one rater, several labels for one item', () => {
  test('the last label of a rater for an item in the file counts', async () => {
    const file = await ratingsFile('ratings.jsonl', jsonl([...thirtyLabels, { item: 'a', rater: 'r2', label: 'honest' }]));
    const { ratings } = await readRatingsFile(file);
    expect(ratings.map(({ item, rater, label }) => [item, rater, label])).toEqual([
      ['a', 'r1', 'honest'],
      ['a', 'r2', 'honest'],
    ]);
  });

  test('the earlier labels are counted as history, with the pairs whose labels differ', async () => {
    const file = await ratingsFile('ratings.jsonl', jsonl([...thirtyLabels, { item: 'b', rater: 'r1', label: 'honest' }, { item: 'b', rater: 'r1', label: 'honest' }]));
    const { history } = await readRatingsFile(file);
    expect(history).toEqual({ superseded: 30, relabelledPairs: 2, conflictingPairs: 1 });
    expect(describeRatingsHistory(file, history)).toBe(
      `${file}: 30 earlier rating(s) replaced by a later one of the same rater for the same item (kept in the file as history; the last counts): 2 rater–item pair(s) rated more than once, 1 with different labels`,
    );
  });

  test('an adjudication does not replace the rater’s own rating, nor count as history', async () => {
    const file = await ratingsFile('ratings.jsonl', jsonl([{ item: 'a', rater: 'r1', label: 'honest' }, { item: 'a', rater: 'r1', label: 'explicit_scheming', adjudicated: true }]));
    const { ratings, history } = await readRatingsFile(file);
    expect(ratings).toHaveLength(2);
    expect(history.superseded).toBe(0);
    expect(describeRatingsHistory(file, history)).toBeNull();
  });

  test('a wide CSV that lists an item on two rows follows the same rule: the later row counts', async () => {
    const file = await ratingsFile('ratings.csv', 'item,r1,r2\na,honest,honest\nb,honest,\na,explicit_scheming,\n');
    const { ratings, history } = await readRatingsFile(file);
    expect(ratings.map(({ item, rater, label }) => [item, rater, label]).sort()).toEqual([
      ['a', 'r1', 'explicit_scheming'],
      ['a', 'r2', 'honest'],
      ['b', 'r1', 'honest'],
    ]);
    expect(history).toEqual({ superseded: 1, relabelledPairs: 1, conflictingPairs: 1 });
  });
});

describe('readRatingsFile on untrusted text', () => {
  test('a malformed line quoting control characters is reported escaped, never raw', async () => {
    const file = await ratingsFile('ratings.jsonl', '{"item": "a", "rater": \u001b]0;owned\u0007 \u009b2J}\n');
    const { problems } = await readRatingsFile(file);
    expect(problems.map((problem) => problem.line)).toEqual([1]);
    expect(problems[0]!.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(problems[0]!.message).toContain('\\u001b]0;owned\\u0007');
  });
});
