import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { BatchEntry } from '../../../src/batch/batch-state.js';
import { createBatchProgress, providerProgress } from '../../../src/cli/progress/batch-progress.js';
import { fakeTerminal } from '../../helpers/fake-terminal.js';

function batch(fields: Partial<BatchEntry> & Pick<BatchEntry, 'id' | 'requests' | 'status'>): BatchEntry {
  return { provider: 'anthropic', model: 'claude-test', providerStatus: 'in_progress', submittedAt: '2026-11-27T00:00:00.000Z', ...fields };
}

const counts = (succeeded: number, errored: number, expired: number, canceled: number, processing: number) => ({ succeeded, errored, expired, canceled, processing });

const USAGE = { requests: 1, cachedResponses: 0, inputTokens: 1000, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.005 };

describe('providerProgress', () => {
  test('adds up what the providers have ended, failed included; collected batches count whole', () => {
    const batches = [
      batch({ id: 'a', requests: 100, status: 'submitted', counts: counts(30, 2, 0, 0, 68) }),
      batch({ id: 'b', requests: 50, status: 'submitted' }), // not polled yet: nothing known
      batch({ id: 'c', requests: 40, status: 'collected', counts: counts(37, 1, 2, 0, 0) }),
      batch({ id: 'd', requests: 10, status: 'collected', failure: 'input file rejected' }),
    ];

    expect(providerProgress(batches)).toEqual({ requests: 200, ended: 32 + 0 + 40 + 10, failed: 2 + 3 + 10, running: 2 });
  });

  test('no batches: nothing to show', () => {
    expect(providerProgress([])).toEqual({ requests: 0, ended: 0, failed: 0, running: 0 });
  });
});

describe('createBatchProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('bar mode: a pass draws the transcripts bar with tokens and cost, a wait draws the providers bar, messages go above them', () => {
    const terminal = fakeTerminal();
    const written: string[] = [];
    const progress = createBatchProgress('bar', 4, { write: (text) => written.push(text), stream: terminal });

    progress.passStarted();
    for (let index = 0; index < 4; index += 1) progress.lineDone();
    progress.verdict({ error: false, usage: USAGE });
    progress.passEnded();
    progress.log('tgrade: sent msgbatch_1\n');
    progress.batches([batch({ id: 'msgbatch_1', requests: 4, status: 'submitted', counts: counts(1, 1, 0, 0, 2) })]);
    vi.advanceTimersByTime(2_000);
    progress.log('tgrade: collected msgbatch_1\n');
    progress.batches([batch({ id: 'msgbatch_1', requests: 4, status: 'collected', counts: counts(3, 1, 0, 0, 0) })]);
    progress.stop();

    expect(written).toEqual(['tgrade: sent msgbatch_1\n']); // no bar was up yet to print it above
    const drawn = terminal.text();
    expect(drawn).toMatch(/100% \| 4\/4 transcripts \| \d+\/s \| ETA \d+s \| 0 errors \| 1,200 tokens \| \$0\.0050/);
    expect(drawn).toMatch(/50% \| 2\/4 requests ended at the provider \| 1 batch\(es\) running \| 1 failed/);
    expect(drawn).toMatch(/100% \| 4\/4 requests ended at the provider \| 0 batch\(es\) running \| 1 failed/);
    expect(drawn).toContain('tgrade: collected msgbatch_1\n');
  });

  test('bar mode, resumed: the providers bar starts from the saved counts', () => {
    const terminal = fakeTerminal();
    const progress = createBatchProgress('bar', 10, { write: () => undefined, stream: terminal });

    progress.batches([batch({ id: 'b1', requests: 10, status: 'submitted', counts: counts(6, 0, 0, 0, 4) })]);
    progress.stop();

    expect(terminal.text()).toMatch(/60% \| 6\/10 requests ended at the provider \| 1 batch\(es\) running \| 0 failed/);
  });

  test('lines mode: periodic lines during a long pass, nothing drawn for the waits (the job prints its events as lines)', () => {
    const written: string[] = [];
    const progress = createBatchProgress('lines', 10, { write: (text) => written.push(text), intervalMs: 1_000 });

    progress.passStarted();
    for (let index = 0; index < 5; index += 1) progress.lineDone();
    vi.advanceTimersByTime(1_000);
    progress.passEnded();
    progress.batches([batch({ id: 'b1', requests: 10, status: 'submitted', counts: counts(6, 0, 0, 0, 4) })]);
    vi.advanceTimersByTime(10_000);
    progress.log('tgrade: an event\n');
    progress.stop();

    expect(written).toEqual([
      'tgrade: 5 of 10 transcripts (50.0%), 5.0/s, ETA 1s, 0 errors, 0 tokens, $0.0000\n',
      'tgrade: 5 of 10 transcripts (50.0%), 5.0/s, ETA 1s, 0 errors, 0 tokens, $0.0000\n',
      'tgrade: an event\n',
    ]);
    for (const line of written) expect(line).not.toMatch(/\u001b\[/);
  });

  test('none mode: no progress at all, messages still pass through', () => {
    const written: string[] = [];
    const progress = createBatchProgress('none', null, { write: (text) => written.push(text), intervalMs: 1_000 });

    progress.passStarted();
    progress.lineDone();
    vi.advanceTimersByTime(5_000);
    progress.passEnded();
    progress.batches([batch({ id: 'b1', requests: 1, status: 'submitted' })]);
    progress.log('tgrade: a retry\n');
    progress.stop();

    expect(written).toEqual(['tgrade: a retry\n']);
  });
});
