import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { countRecords } from '../../../src/cli/progress/count-records.js';
import { createProgressReporter, formatProgressLine, progressMode } from '../../../src/cli/progress/progress-reporter.js';
import { fakeTerminal } from '../../helpers/fake-terminal.js';
import { tempDir } from '../../helpers/temp-dir.js';

const USAGE = { requests: 1, cachedResponses: 0, inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01 };

describe('progressMode: a bar on a terminal, plain lines elsewhere, never both', () => {
  test.each([
    { isTTY: true, json: false, quiet: false, mode: 'bar' },
    { isTTY: false, json: false, quiet: false, mode: 'lines' },
    { isTTY: true, json: true, quiet: false, mode: 'lines' },
    { isTTY: false, json: true, quiet: false, mode: 'lines' },
    { isTTY: true, json: false, quiet: true, mode: 'none' },
    { isTTY: false, json: true, quiet: true, mode: 'none' },
  ])('isTTY $isTTY, --json $json, --quiet $quiet → $mode', ({ isTTY, json, quiet, mode }) => {
    expect(progressMode({ isTTY, json, quiet })).toBe(mode);
  });
});

describe('progress reporters', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('lines mode writes one plain line per interval, with rate, ETA, errors, tokens and cost, and no terminal codes', () => {
    const written: string[] = [];
    const reporter = createProgressReporter('lines', { write: (text) => written.push(text), intervalMs: 10_000 });
    reporter.start(100);
    for (let index = 0; index < 40; index += 1) reporter.lineDone();
    reporter.verdict({ error: true });
    reporter.verdict({ error: false, usage: USAGE });

    vi.advanceTimersByTime(10_000);
    reporter.stop();

    expect(written).toEqual([
      'tgrade: 40 of 100 transcripts (40.0%), 4.0/s, ETA 15s, 1 error, 1,500 tokens, $0.0100\n',
      'tgrade: 40 of 100 transcripts (40.0%), 4.0/s, ETA 15s, 1 error, 1,500 tokens, $0.0100\n',
    ]);
    for (const line of written) expect(line).not.toMatch(/\u001b\[/);
  });

  test('lines mode stays silent for a run shorter than one interval', () => {
    const written: string[] = [];
    const reporter = createProgressReporter('lines', { write: (text) => written.push(text), intervalMs: 10_000 });
    reporter.start(3);
    reporter.lineDone();
    vi.advanceTimersByTime(9_999);
    reporter.stop();

    expect(written).toEqual([]);
  });

  test('bar mode draws on the terminal and writes no plain progress lines', () => {
    const terminal = fakeTerminal();
    const written: string[] = [];
    const reporter = createProgressReporter('bar', { write: (text) => written.push(text), stream: terminal });
    reporter.start(10);
    for (let index = 0; index < 5; index += 1) reporter.lineDone();
    reporter.verdict({ error: false, usage: USAGE });
    vi.advanceTimersByTime(1_000);
    reporter.stop();

    expect(written).toEqual([]);
    expect(terminal.text()).toMatch(/50% \| 5\/10 transcripts \| \d+\/s \| ETA \d+s \| 0 errors \| 1,500 tokens \| \$0\.0100/);
    expect(terminal.text()).not.toContain('tgrade: ');
  });

  test('bar mode prints messages above the bar instead of through it', () => {
    const terminal = fakeTerminal();
    const written: string[] = [];
    const reporter = createProgressReporter('bar', { write: (text) => written.push(text), stream: terminal });
    reporter.start(10);
    reporter.log('tgrade: rollouts.jsonl:3: not valid JSON (line skipped)');
    reporter.stop();

    expect(written).toEqual([]);
    expect(terminal.text()).toContain('tgrade: rollouts.jsonl:3: not valid JSON (line skipped)\n');
  });

  test('none mode writes no progress, but still passes messages through', () => {
    const written: string[] = [];
    const reporter = createProgressReporter('none', { write: (text) => written.push(text) });
    reporter.start(10);
    reporter.lineDone();
    vi.advanceTimersByTime(60_000);
    reporter.log('a message\n');
    reporter.stop();

    expect(written).toEqual(['a message\n']);
  });
});

describe('formatProgressLine', () => {
  test('without a total it gives the count and rate, and no percentage or ETA', () => {
    expect(formatProgressLine({ done: 1234, total: null, elapsedMs: 10_000, errors: 0, tokens: 2_500_000, costUsd: 12.5 })).toBe('tgrade: 1,234 transcripts, 123/s, 0 errors, 2.5M tokens, $12.50');
  });

  test('an unknown price makes the cost unknown instead of undercounting it', () => {
    expect(formatProgressLine({ done: 10, total: 20, elapsedMs: 5_000, errors: 2, tokens: 50_000, costUsd: null })).toBe(
      'tgrade: 10 of 20 transcripts (50.0%), 2.0/s, ETA 5s, 2 errors, 50.0k tokens, cost unknown',
    );
  });

  test('ETA is the remaining lines over the rate so far, in hours and minutes when long', () => {
    expect(formatProgressLine({ done: 1000, total: 32_768, elapsedMs: 100_000, errors: 0, tokens: 0, costUsd: 0 })).toBe(
      'tgrade: 1,000 of 32,768 transcripts (3.1%), 10/s, ETA 52m 57s, 0 errors, 0 tokens, $0.0000',
    );
  });
});

describe('countRecords', () => {
  test('counts non-blank lines, with or without a final newline', async () => {
    const dir = await tempDir();
    await writeFile(`${dir}/a.jsonl`, '{"id":1}\n\n   \n{"id":2}\r\n{"id":3}');
    await writeFile(`${dir}/b.jsonl`, '{"id":1}\n{"id":2}\n');
    await writeFile(`${dir}/empty.jsonl`, '');

    expect(await countRecords(`${dir}/a.jsonl`)).toBe(3);
    expect(await countRecords(`${dir}/b.jsonl`)).toBe(2);
    expect(await countRecords(`${dir}/empty.jsonl`)).toBe(0);
  });
});
