import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inspectLog } from '../helpers/inspect-logs.js';
import { tgradeInProcess } from '../helpers/in-process-cli.js';
import { tempProject } from '../helpers/temp-dir.js';

describe('tgrade label on an Inspect log', () => {
  test('the summary reports each unread shape once and the transcripts whose reasoning could not be read', async () => {
    const dir = await tempProject();
    const run = await tgradeInProcess(['label', inspectLog('built/shapes.json'), '-o', join(dir, 'r.jsonl'), '--quiet'], dir);
    expect(run.stdout).toContain("input: 1 × content block of type 'hologram' not read");
    expect(run.stdout).toContain('input: 3 transcript(s) with reasoning that could not be read');
  });

  test('problems name the log and the sample, and are not called skipped lines', async () => {
    const dir = await tempProject();
    const run = await tgradeInProcess(['label', inspectLog('built/shapes.json'), '-o', join(dir, 'r.jsonl'), '--quiet'], dir);
    expect(run.stderr).toMatch(/shapes\.json \(sample errored, epoch 1\): the sample ended in an error in Inspect .*not graded\n/);
    expect(run.stderr).not.toContain('(line skipped)');
  });

  test('one JSON document is one message, not one per line', async () => {
    const dir = await tempProject();
    const run = await tgradeInProcess(['label', inspectLog('built/array-document.json'), '-o', join(dir, 'r.jsonl'), '--quiet'], dir);
    expect(run.stderr.trim().split('\n').filter((line) => line.includes('array-document.json'))).toEqual([
      expect.stringContaining("this file is one JSON document (an array), not JSONL: tgrade reads one JSON record per line. Convert it with `jq -c '.[]' FILE > FILE.jsonl`"),
    ]);
  });
});
