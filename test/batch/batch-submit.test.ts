import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { BatchBackend, BatchRequest } from '../../src/batch/batch-backend.js';
import type { SpooledRequest } from '../../src/batch/batch-llm.js';
import { newBatchState } from '../../src/batch/batch-state.js';
import { submitSpool } from '../../src/batch/batch-submit.js';
import { RequestLog } from '../../src/batch/request-log.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

/** A backend that only records what it is given: the splitting is under test, not the wire. */
function recordingBackend(limits: { maxRequests: number; maxBytes: number }): BatchBackend & { sent: string[][] } {
  const sent: string[][] = [];
  return {
    provider: 'anthropic',
    limits,
    sent,
    requestBytes: (request: BatchRequest) => request.request.messages[0]?.content.length ?? 0,
    async submit(requests) {
      sent.push(requests.map((request) => request.customId));
      return { id: `msgbatch_${sent.length}`, providerStatus: 'in_progress' };
    },
    status: () => Promise.reject(new Error('not used')),
    results: () => {
      throw new Error('not used');
    },
  };
}

function spooled(customId: string, size: number): SpooledRequest {
  return {
    customId,
    grader: 'llm-rubric',
    sample: 0,
    prompt: '0123456789abcdef',
    request: { model: 'm', system: '', messages: [{ role: 'user', content: 'x'.repeat(size) }], output: { name: 'record_verdict', schema: {} }, maxTokens: 10 },
  };
}

/** A fresh request log in a temp folder. */
async function emptyLog(): Promise<RequestLog> {
  return RequestLog.open(join(await tempDir(), 'results.batches.requests.jsonl'));
}

async function loggedLines(log: RequestLog): Promise<unknown[]> {
  return (await readFile(log.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as unknown);
}

async function spoolOf(requests: SpooledRequest[]) {
  const file = join(await tempDir(), 'spool.jsonl');
  await writeFile(file, jsonl(requests));
  return [{ settings: { provider: 'anthropic' as const, model: 'm', maxTokens: 10, timeoutMs: 1000, concurrency: 1, retries: 0 }, file, requests: requests.length }];
}

describe('submitSpool', () => {
  test('starts a new batch before one would pass the byte limit', async () => {
    const backend = recordingBackend({ maxRequests: 100, maxBytes: 250 });
    const state = newBatchState('/in.jsonl', '/out.jsonl');
    const log = await emptyLog();
    const saves: string[] = [];

    await submitSpool(await spoolOf([spooled('a', 100), spooled('b', 100), spooled('c', 100), spooled('d', 40)]), state, log, () => backend, {
      onChange: async (event) => {
        saves.push(event.type);
      },
    });

    expect(backend.sent).toEqual([['a', 'b'], ['c', 'd']]);
    expect(saves).toEqual(['submitted', 'submitted']);
    expect(state.batches.map((batch) => [batch.id, batch.requests, batch.status])).toEqual([
      ['msgbatch_1', 2, 'submitted'],
      ['msgbatch_2', 2, 'submitted'],
    ]);
    expect(log.batchOf('c')).toBe('msgbatch_2');
    expect((await loggedLines(log))[2]).toEqual({ customId: 'c', batch: 'msgbatch_2', grader: 'llm-rubric', sample: 0, prompt: '0123456789abcdef' });
    expect(await loggedLines(log)).toHaveLength(4);
  });

  test('a request larger than a whole batch is recorded as its error and the rest are sent', async () => {
    const backend = recordingBackend({ maxRequests: 100, maxBytes: 250 });
    const state = newBatchState('/in.jsonl', '/out.jsonl');
    const log = await emptyLog();

    await submitSpool(await spoolOf([spooled('a', 10), spooled('huge', 300), spooled('b', 10)]), state, log, () => backend, { onChange: async () => {} });

    expect(backend.sent).toEqual([['a', 'b']]);
    expect(state.errors['huge']).toEqual({ code: 'E_BATCH', message: expect.stringContaining('over the anthropic per-batch limit') });
    expect(log.batchOf('huge')).toBeUndefined();
    expect(log.batchOf('a')).toBe('msgbatch_1');
  });

  test('the state records each batch the moment it is accepted, before the next is sent, with its requests already in the log', async () => {
    const backend = recordingBackend({ maxRequests: 1, maxBytes: 1_000 });
    const state = newBatchState('/in.jsonl', '/out.jsonl');
    const log = await emptyLog();
    const seen: string[] = [];

    await submitSpool(await spoolOf([spooled('a', 1), spooled('b', 1), spooled('c', 1)]), state, log, () => backend, {
      onChange: async (event) => {
        if (event.type === 'submitted') seen.push(`${state.batches.length}: ${(await loggedLines(log)).length} logged, ${event.batch.id} has ${log.batchOf(['a', 'b', 'c'][state.batches.length - 1] ?? '')}`);
      },
    });

    expect(seen).toEqual(['1: 1 logged, msgbatch_1 has msgbatch_1', '2: 2 logged, msgbatch_2 has msgbatch_2', '3: 3 logged, msgbatch_3 has msgbatch_3']);
  });
});
