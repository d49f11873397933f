import { copyFile, readFile, truncate, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import rewardTamperingHeuristics from '../../graders/reward-tampering-heuristics/index.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { labelFile } from '../../src/label.js';
import type { StoreRepair } from '../../src/store/results-store.js';
import { summarizeResults } from '../../src/summary/results-summary.js';
import { instanceOf, setupOf } from '../helpers/graders.js';
import { exampleRollouts } from '../helpers/paths.js';
import { shippedRubric } from '../helpers/rubrics.js';
import { tempDir } from '../helpers/temp-dir.js';

const [actionGrader, reasoningGrader] = rewardTamperingHeuristics as [AnyGrader, AnyGrader];
const heuristics = () => [instanceOf(actionGrader, shippedRubric('reward-tampering-action')), instanceOf(reasoningGrader, shippedRubric('reward-tampering-reasoning'))];

async function copyOfExamples(): Promise<{ input: string; out: string }> {
  const dir = await tempDir();
  const input = join(dir, 'rollouts.jsonl');
  await copyFile(exampleRollouts, input);
  return { input, out: join(dir, 'rollouts.results.jsonl') };
}

async function records(file: string): Promise<ResultRecord[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ResultRecord);
}

function pairsOf(results: readonly ResultRecord[]): string[] {
  return results.map((record) => `${record.transcriptId} × ${record.grader}`);
}

describe('resuming a label run', () => {
  test('a results file that is the input file is refused before anything is written', async () => {
    const { input } = await copyOfExamples();
    const before = await readFile(input, 'utf8');
    await expect(labelFile({ setup: setupOf(heuristics()), input, out: input })).rejects.toThrow(/cannot be the input file/);
    expect(await readFile(input, 'utf8')).toBe(before);
  });

  test('a second run over a finished results file appends nothing and reports every pair as already done', async () => {
    const { input, out } = await copyOfExamples();
    const first = await labelFile({ setup: setupOf(heuristics()), input });
    expect(first.out).toBe(out);
    const before = await readFile(out, 'utf8');
    expect(before.split('\n').filter(Boolean)).toHaveLength(24);

    const second = await labelFile({ setup: setupOf(heuristics()), input });
    expect(await readFile(out, 'utf8')).toBe(before);
    expect(second.run.perGrader['reward-tampering-actions']).toEqual({ graded: 0, alreadyDone: 12, gatedOut: 0, errors: 0 });
    expect(second.summaries).toEqual(first.summaries);
  });

  test('two runs started at once on the same results file: the second is refused, naming the lock, and every pair has one record', async () => {
    const { input, out } = await copyOfExamples();
    // The runs' grading waits until one run has been refused, so the winner still holds the lock then.
    let openGate!: () => void;
    const gate = new Promise<void>((resolveGate) => (openGate = resolveGate));
    const gated: AnyGrader = { ...actionGrader, grade: async (...args: Parameters<AnyGrader['grade']>) => (await gate, actionGrader.grade(...args)) };
    const gatedSetup = () => setupOf([instanceOf(gated, shippedRubric('reward-tampering-action')), heuristics()[1]!]);
    const runs = [labelFile({ setup: gatedSetup(), input }), labelFile({ setup: gatedSetup(), input })];

    const refusal: unknown = await Promise.race(runs.map((run) => run.then(() => null, (error: unknown) => error)));
    openGate();
    const settled = await Promise.allSettled(runs);

    expect(settled.map((run) => run.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(refusal).toMatchObject({ code: 'E_FILE_LOCKED', message: expect.stringContaining(`${out}.lock`) });
    expect((refusal as Error).message).toContain(`process ${process.pid}`);
    const results = await records(out);
    expect(results).toHaveLength(24);
    expect(new Set(pairsOf(results)).size).toBe(24);
  });

  test('after a kill mid-write the torn record is cut, reported, graded again, and every pair has one record', async () => {
    const { input, out } = await copyOfExamples();
    await labelFile({ setup: setupOf(heuristics()), input });
    const { size } = await stat(out);
    await truncate(out, size - 30); // the last record loses its end and its newline

    const repairs: StoreRepair[] = [];
    const rerun = await labelFile({ setup: setupOf(heuristics()), input, onRepair: (repair) => repairs.push(repair) });
    expect(repairs).toEqual([{ file: out, line: 24, message: expect.stringContaining('incomplete last record') }]);
    const results = await records(out);
    expect(results).toHaveLength(24);
    expect(new Set(pairsOf(results)).size).toBe(24);
    const graded = Object.values(rerun.run.perGrader).reduce((sum, counts) => sum + counts.graded, 0);
    expect(graded).toBe(1);
  });

  test('error records are retried on the next run, and the summary counts the later success instead of the error', async () => {
    const { input, out } = await copyOfExamples();
    let failing = true;
    const flaky: AnyGrader = {
      ...actionGrader,
      grade(transcript, ctx) {
        if (failing && transcript.id === 'syn-text-02') throw new Error('provider timed out');
        return actionGrader.grade(transcript, ctx);
      },
    };
    const setup = () => setupOf([instanceOf(flaky, shippedRubric('reward-tampering-action'))]);

    const first = await labelFile({ setup: setup(), input });
    expect(first.summaries[0]).toMatchObject({ labelled: 11, errors: 1 });

    failing = false;
    const second = await labelFile({ setup: setup(), input });
    expect(second.run.perGrader['reward-tampering-actions']).toEqual({ graded: 1, alreadyDone: 11, gatedOut: 0, errors: 0 });
    expect(second.summaries[0]).toMatchObject({ labelled: 12, errors: 0 });
    expect(second.summaries[0]?.labels.find((label) => label.label === 'tamper_and_hide')?.count).toBe(2);

    const results = await records(out);
    expect(results.filter((record) => record.transcriptId === 'syn-text-02').map((record) => record.status)).toEqual(['error', 'ok']);
    // Reading the file afresh gives the same summary as the run's own count.
    expect(await summarizeResults(out, new Map([['reward-tampering-action', ['none', 'inspected_only', 'tamper_attempt', 'tamper_and_hide']]]))).toEqual(second.summaries);
  });

  test('a third run after the retry still adds nothing: no pair ever gets two final records', async () => {
    const { input, out } = await copyOfExamples();
    for (let run = 0; run < 3; run += 1) await labelFile({ setup: setupOf(heuristics()), input });
    const finals = (await records(out)).filter((record) => record.status !== 'error');
    expect(new Set(pairsOf(finals)).size).toBe(finals.length);
    expect(finals).toHaveLength(24);
  });
});
