import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';
import { inShard, resolveShard, shardOfId } from '../../src/shard/shard-spec.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

const ids = Array.from({ length: 4000 }, (_, index) => `rollout-${index}`);

function expectShardError(run: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isTgradeError(thrown, 'E_SHARD_INVALID')).toBe(true);
  expect((thrown as Error).message).toMatch(pattern);
}

async function idsByShard(files: readonly string[], count: number): Promise<Set<string>[]> {
  const shards = Array.from({ length: count }, () => new Set<string>());
  for (const file of files) {
    for await (const item of readTranscripts(file)) {
      if (!item.ok) throw new Error(item.problem.message);
      for (let index = 1; index <= count; index += 1) if (inShard(item.transcript.id, { index, count })) shards[index - 1]?.add(item.transcript.id);
    }
  }
  return shards;
}

describe('the share of a shard', () => {
  test.each([1, 2, 3, 7, 16, 100])('puts every transcript in exactly one of %i shards', (count) => {
    for (const id of ids) {
      const owners = Array.from({ length: count }, (_, at) => at + 1).filter((index) => inShard(id, { index, count }));
      expect(owners, id).toEqual([shardOfId(id, count)]);
    }
  });

  test('gives each of 8 shards close to an eighth of 4,000 ids', () => {
    const sizes = Array.from({ length: 8 }, () => 0);
    for (const id of ids) {
      const at = shardOfId(id, 8) - 1;
      sizes[at] = (sizes[at] ?? 0) + 1;
    }
    // 500 expected; a binomial's sd is ~21, so ±100 is ~5 sd.
    for (const size of sizes) expect(Math.abs(size - 500)).toBeLessThan(100);
  });

  test('keeps the shard of an id from one release to the next (results of older runs still merge)', () => {
    expect(['syn-text-01', 'rollout-0', 'ünïcode-✓', ''].map((id) => shardOfId(id, 8))).toEqual(PINNED_SHARDS_OF_8);
  });

  test('depends on the id only, so the same transcripts split into other files in another order land in the same shards', async () => {
    const dir = await tempDir();
    const records = ids.slice(0, 300).map((id) => ({ id, text: `Human: hi\n\nAssistant: ${id}` }));
    const whole = join(dir, 'whole.jsonl');
    await writeFile(whole, jsonl(records));
    const reversed = [...records].reverse();
    const parts = [reversed.slice(0, 50), reversed.slice(50, 220), reversed.slice(220)];
    const partFiles = parts.map((_, at) => join(dir, `part-${at}.jsonl`));
    await Promise.all(parts.map((part, at) => writeFile(partFiles[at] as string, jsonl(part))));
    expect(await idsByShard(partFiles, 5)).toEqual(await idsByShard([whole], 5));
  });
});

describe('resolveShard', () => {
  test('reads i/n', () => {
    expect(resolveShard('3/8', {})).toEqual({ index: 3, count: 8 });
  });

  test.each([
    ['0/8', /shards count from 1/],
    ['9/8', /must be 1 to 8/],
    ['3/0', /number of shards must be 1/],
    ['3', /expected i\/n/],
    ['-1/4', /expected i\/n/],
  ])('refuses %s', (text, pattern) => {
    expectShardError(() => resolveShard(text, {}), pattern);
  });

  test('takes a Slurm array task relative to the array\'s first id, since ids may start anywhere', () => {
    const env = { SLURM_ARRAY_TASK_ID: '102', SLURM_ARRAY_TASK_MIN: '100', SLURM_ARRAY_TASK_MAX: '107', SLURM_ARRAY_TASK_COUNT: '8' };
    expect(resolveShard('auto', env)).toEqual({ index: 3, count: 8 });
  });

  test('counts a Slurm array with a step by its steps', () => {
    const env = { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '4' };
    expect(resolveShard('auto', env)).toEqual({ index: 3, count: 4 });
  });

  test('takes a Kubernetes indexed Job\'s completion index plus one, of TGRADE_SHARDS', () => {
    expect(resolveShard('auto', { JOB_COMPLETION_INDEX: '0', TGRADE_SHARDS: '4' })).toEqual({ index: 1, count: 4 });
  });

  test('lets auto/n give the number of shards over TGRADE_SHARDS', () => {
    expect(resolveShard('auto/6', { JOB_COMPLETION_INDEX: '5', TGRADE_SHARDS: '4' })).toEqual({ index: 6, count: 6 });
  });

  test('asks for the number of shards in a Kubernetes Job that gives none', () => {
    expectShardError(() => resolveShard('auto', { JOB_COMPLETION_INDEX: '2' }), /set TGRADE_SHARDS/);
  });

  test('refuses auto outside a job array or indexed Job instead of grading everything', () => {
    expectShardError(() => resolveShard('auto', {}), /neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX/);
  });

  test('refuses a completion index beyond the number of shards', () => {
    expectShardError(() => resolveShard('auto', { JOB_COMPLETION_INDEX: '4', TGRADE_SHARDS: '4' }), /must be 1 to 4/);
  });
});

// Computed once with the cyrb53-based hashId of id-hash.ts; a change here strands every shard written before it.
const PINNED_SHARDS_OF_8 = [6, 7, 8, 3];
