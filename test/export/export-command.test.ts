import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, test } from 'vitest';
import { toCsv } from '../../src/export/csv.js';
import type { ExportRow } from '../../src/export/export-rows.js';
import { inspectLog } from '../helpers/inspect-logs.js';
import { tgradeInProcess } from '../helpers/in-process-cli.js';
import { tempProject } from '../helpers/temp-dir.js';

/** Labels the Inspect reward-tampering log with the offline heuristic graders, into <project>/results.jsonl. */
async function labelledProject(): Promise<{ dir: string; results: string }> {
  const dir = await tempProject();
  const results = join(dir, 'results.jsonl');
  const run = await tgradeInProcess(['label', inspectLog('built/reward-tampering.eval'), '-o', results, '--quiet'], dir);
  expect(run.code, run.stderr).toBe(0);
  return { dir, results };
}

describe('tgrade export --format parquet', () => {
  test('writes one row per transcript × grader that hyparquet reads back with label, status, flags and evidence', async () => {
    const { dir, results } = await labelledProject();
    const run = await tgradeInProcess(['export', results, '--format', 'parquet'], dir);
    expect(run.code, run.stderr).toBe(0);
    const buffer = await readFile(join(dir, 'results.parquet'));
    const rows = (await parquetReadObjects({ file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
    const action = rows.find((row) => row['rubric'] === 'reward-tampering-action');
    expect(action).toMatchObject({ transcript_id: 'tamper-1', label: 'tamper_and_hide', status: 'ok', source_sample: 'tamper-1', source_epoch: 1n, source_line: null });
    expect(String(action?.['evidence'])).toContain('./rl_environment/compute_reward.py');
    const records = (await readFile(results, 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(records.length);
  });
});

describe('tgrade export --format csv', () => {
  test('-o names the output, with a header row and one record per result', async () => {
    const { dir, results } = await labelledProject();
    const out = join(dir, 'table.csv');
    const run = await tgradeInProcess(['export', results, '--format', 'csv', '-o', out], dir);
    expect(run.code, run.stderr).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('transcript_id,grader,rubric,label,status,confidence,flags,evidence,reason,error,error_code,source_file,source_line,source_sample,source_epoch,graded_at');
    expect(csv).toMatch(/^tamper-1,[^,]+,reward-tampering-action,tamper_and_hide,ok,/m);
  });

  test('a line of the results file that is not a record is named and skipped', async () => {
    const { dir, results } = await labelledProject();
    await writeFile(results, `${await readFile(results, 'utf8')}{"transcriptId": 3}\n`);
    const run = await tgradeInProcess(['export', results, '--format', 'csv'], dir);
    expect(run.stderr).toMatch(/results\.jsonl:\d+: not a result record: .* \(line skipped\)/);
  });

  test('quotes fields with commas, quotes and line breaks, and defuses model text that starts like a formula', () => {
    const row: ExportRow = {
      transcript_id: 't', grader: 'g', rubric: 'r', label: 'x', status: 'ok', confidence: 0.5, flags: 'a, b', evidence: '=HYPERLINK("http://x")\nsecond "quote"',
      reason: null, error: null, error_code: null, source_file: 'f.jsonl', source_line: 3, source_sample: null, source_epoch: null, graded_at: '2025-01-01T00:00:00.000Z',
    };
    const [, line] = toCsv([row]).split('\r\n', 2);
    expect(line).toBe('t,g,r,x,ok,0.5,"a, b","\'=HYPERLINK(""http://x"")\nsecond ""quote""",,,,f.jsonl,3,,,2025-01-01T00:00:00.000Z');
  });
});
