import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resultRecord, type ResultRecord, type Verdict } from '../../src/grading/verdict.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { tempDir } from '../helpers/temp-dir.js';

const ok = (label: string): Verdict => ({ status: 'ok', label, evidence: [] });
const failed: Verdict = { status: 'error', error: 'provider down', code: 'E_PROVIDER_SERVER' };
const record = (transcriptId: string, grader: string, verdict: Verdict): ResultRecord =>
  resultRecord(verdict, { transcriptId, grader, rubric: 'tiny', now: new Date('2026-01-01T00:00:00Z') });

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

async function storeFile(): Promise<string> {
  return join(await tempDir(), 'nested', 'folder', 'results.jsonl');
}

describe('ResultsStore', () => {
  test('creates its folder and writes one JSON line per record by the time it is closed', async () => {
    const file = await storeFile();
    const { store, repairs } = await ResultsStore.open(file);
    store.append(record('t1', 'g', ok('yes')));
    store.append(record('t2', 'g', ok('no')));
    store.close();
    expect(repairs).toEqual([]);
    expect((await lines(file)).map((line) => JSON.parse(line) as ResultRecord).map((r) => [r.transcriptId, r.label])).toEqual([
      ['t1', 'yes'],
      ['t2', 'no'],
    ]);
  });

  test('records of any size and script come back whole and in order: beyond the write buffer, multi-byte, many chunks', async () => {
    const file = await storeFile();
    const { store } = await ResultsStore.open(file);
    const huge = 'ü🙂'.repeat(100_000); // ~600 KB of UTF-8, more than the 128 KB buffer
    const written: ResultRecord[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const reasoning = index === 1500 ? huge : `ψ ${index} ${'x'.repeat(index % 97)}`;
      const appended = record(`t${index}`, 'g', { status: 'ok', label: 'yes', evidence: [], reasoning });
      store.append(appended);
      written.push(appended);
    }
    store.close();

    expect((await lines(file)).map((line) => JSON.parse(line) as ResultRecord)).toEqual(written);
  });

  test('a pair is finished once it has a label or an abstention, but not after an error', async () => {
    const { store } = await ResultsStore.open(await storeFile());
    store.append(record('t1', 'g', ok('yes')));
    store.append(record('t2', 'g', { status: 'abstain', reason: 'unsure', evidence: [] }));
    store.append(record('t3', 'g', failed));
    expect([store.isFinished('t1', 'g'), store.isFinished('t2', 'g'), store.isFinished('t3', 'g')]).toEqual([true, true, false]);
    expect(store.isFinished('t1', 'other')).toBe(false);
    store.close();
  });

  test('reopening remembers which pairs are finished', async () => {
    const file = await storeFile();
    const first = await ResultsStore.open(file);
    first.store.append(record('t1', 'g', ok('yes')));
    first.store.append(record('t2', 'g', failed));
    first.store.close();
    const { store } = await ResultsStore.open(file);
    expect(store.isFinished('t1', 'g')).toBe(true);
    expect(store.isFinished('t2', 'g')).toBe(false);
    store.close();
  });

  test('labels are kept for tracked graders only: null for an abstention, undefined when unknown', async () => {
    const file = await storeFile();
    const first = await ResultsStore.open(file);
    first.store.append(record('t1', 'gate', ok('yes')));
    first.store.append(record('t2', 'gate', { status: 'abstain', reason: 'x', evidence: [] }));
    first.store.append(record('t1', 'other', ok('no')));
    first.store.close();
    const { store } = await ResultsStore.open(file, { trackLabelsOf: ['gate'] });
    expect([store.labelOf('t1', 'gate'), store.labelOf('t2', 'gate'), store.labelOf('t3', 'gate'), store.labelOf('t1', 'other')]).toEqual(['yes', null, undefined, undefined]);
    store.close();
  });

  test('a torn last line (a kill mid-write) is cut off on open and reported with its line number', async () => {
    const file = await storeFile();
    const first = await ResultsStore.open(file);
    first.store.append(record('t1', 'g', ok('yes')));
    first.store.append(record('t2', 'g', ok('no')));
    first.store.close();
    const whole = await readFile(file, 'utf8');
    await appendFile(file, JSON.stringify(record('t3', 'g', ok('yes'))).slice(0, 40));

    const { store, repairs } = await ResultsStore.open(file);
    store.close();
    expect(repairs).toEqual([{ file, line: 3, message: 'removed an incomplete last record (the previous run was interrupted mid-write)' }]);
    expect(await readFile(file, 'utf8')).toBe(whole);
    expect(store.isFinished('t3', 'g')).toBe(false);
  });

  test('a file holding only a torn line is emptied', async () => {
    const file = await storeFile();
    (await ResultsStore.open(file)).store.close();
    await writeFile(file, '{"transcriptId":"t1","gra');
    const { store, repairs } = await ResultsStore.open(file);
    store.close();
    expect(repairs.map((repair) => repair.line)).toEqual([1]);
    expect(await readFile(file, 'utf8')).toBe('');
  });

  test('a line that is not JSON in the middle is reported and skipped, and the records around it count', async () => {
    const file = await storeFile();
    (await ResultsStore.open(file)).store.close();
    await writeFile(file, `${JSON.stringify(record('t1', 'g', ok('yes')))}\nnot json\n${JSON.stringify(record('t2', 'g', ok('no')))}\n`);
    const { store, repairs } = await ResultsStore.open(file);
    expect(repairs).toEqual([{ file, line: 2, message: 'not a JSON record; ignored' }]);
    expect(store.isFinished('t1', 'g') && store.isFinished('t2', 'g')).toBe(true);
    store.close();
  });

  test('records appended after reopening go after the existing ones', async () => {
    const file = await storeFile();
    const first = await ResultsStore.open(file);
    first.store.append(record('t1', 'g', ok('yes')));
    first.store.close();
    const second = await ResultsStore.open(file);
    second.store.append(record('t2', 'g', ok('no')));
    second.store.close();
    expect((await lines(file)).map((line) => (JSON.parse(line) as ResultRecord).transcriptId)).toEqual(['t1', 't2']);
  });

  test('onRecord sees existing records on open, then appended ones, with the state of the pair before each', async () => {
    const file = await storeFile();
    const first = await ResultsStore.open(file);
    first.store.append(record('t1', 'g', failed));
    first.store.close();
    const seen: [string, string, number][] = [];
    const { store } = await ResultsStore.open(file, { onRecord: (r, before) => seen.push([r.transcriptId, r.status, before]) });
    store.append(record('t1', 'g', ok('yes')));
    store.append(record('t1', 'g', ok('yes')));
    store.close();
    // before: 0 nothing yet; 2 errored; 1 finished.
    expect(seen).toEqual([
      ['t1', 'error', 0],
      ['t1', 'ok', 2],
      ['t1', 'ok', 3],
    ]);
  });
});
