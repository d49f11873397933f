import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startLabelProgress } from '../../../src/cli/progress/label-progress.js';
import { exampleRollouts } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('startLabelProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0, toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function linesAfterFiveTranscripts(wholeInput: boolean): Promise<string> {
    const input = join(await tempDir(), 'rollouts.jsonl');
    await copyFile(exampleRollouts, input);
    const written: string[] = [];
    const reporter = await startLabelProgress('lines', input, { write: (text) => written.push(text), intervalMs: 1_000, wholeInput });
    for (let index = 0; index < 5; index += 1) reporter.lineDone();
    vi.advanceTimersByTime(1_000);
    reporter.stop();
    return written.join('');
  }

  test('gives the share of the whole input done', async () => {
    expect(await linesAfterFiveTranscripts(true)).toContain('5 of 12 transcripts');
  });

  test('gives a shard counts without a total, since a shard grades only its share of the input', async () => {
    const lines = await linesAfterFiveTranscripts(false);
    expect(lines).toContain('tgrade: 5 transcripts,');
    expect(lines).not.toContain('of 12');
  });
});
