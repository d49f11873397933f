import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RequestLog } from '../../src/batch/request-log.js';
import { tempDir } from '../helpers/temp-dir.js';

const request = (customId: string) => ({ customId, grader: 'llm-rubric', sample: 0, prompt: '0123456789abcdef' });

async function logFile(): Promise<string> {
  return join(await tempDir(), 'rollouts.results.batches.requests.jsonl');
}

describe('RequestLog', () => {
  test('knows each request\'s batch after reopening, and reads a batch\'s requests back from the file', async () => {
    const file = await logFile();
    const log = await RequestLog.open(file);
    log.append('msgbatch_1', [request('a'), request('b')]);
    log.append('msgbatch_2', [request('c')]);

    const reopened = await RequestLog.open(file);

    expect(['a', 'b', 'c', 'd'].map((id) => reopened.batchOf(id))).toEqual(['msgbatch_1', 'msgbatch_1', 'msgbatch_2', undefined]);
    const ofFirst: string[] = [];
    for await (const id of reopened.customIdsOf('msgbatch_1')) ofFirst.push(id);
    expect(ofFirst).toEqual(['a', 'b']);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('{"customId":"a","batch":"msgbatch_1","grader":"llm-rubric","sample":0,"prompt":"0123456789abcdef"}');
  });

  test('a request sent again in a later batch (its first expired) belongs to the later one only', async () => {
    const log = await RequestLog.open(await logFile());
    log.append('msgbatch_1', [request('a'), request('b')]);
    log.append('msgbatch_2', [request('a')]);

    const ofFirst: string[] = [];
    for await (const id of log.customIdsOf('msgbatch_1')) ofFirst.push(id);
    expect(ofFirst).toEqual(['b']);
    expect(log.batchOf('a')).toBe('msgbatch_2');
  });

  test('holds a hashed index of ~16 bytes a request in memory, not the requests', async () => {
    const log = await RequestLog.open(await logFile());
    const requests = 100_000;
    for (let batch = 0; batch < 10; batch += 1) {
      log.append(`msgbatch_${batch}`, Array.from({ length: requests / 10 }, (_, index) => request(`${batch}-${index}-${'f'.repeat(58)}`)));
    }

    // A slot: 8 bytes of hash, 1 byte of bits, 2 bytes of batch code, in tables at least 64% full.
    expect(log.indexBytes / requests).toBeLessThanOrEqual(11 / 0.64);
    expect(log.batchOf(`7-123-${'f'.repeat(58)}`)).toBe('msgbatch_7');
  });
});
