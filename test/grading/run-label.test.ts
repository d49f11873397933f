import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { GraderInstance } from '../../src/config/setup.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import { runLabel, type LabelRunOptions } from '../../src/grading/run-label.js';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { instanceOf } from '../helpers/graders.js';
import { tinyRubric } from '../helpers/rubrics.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

/** Transcripts whose scratchpad says the label the `echo` grader should give. */
const records = [
  { id: 't1', text: '<cot>yes</cot>' },
  { id: 't2', text: '<cot>no</cot>' },
  { id: 't3', text: '<cot>yes</cot>' },
];

const echo: AnyGrader = {
  id: 'echo',
  rubrics: ['tiny'],
  grade: (transcript) => ({ status: 'ok', label: transcript.scratchpad[0]?.text ?? 'no', evidence: [] }),
};

function grader(id: string, grade: AnyGrader['grade']): AnyGrader {
  return { id, rubrics: ['tiny'], grade };
}

interface Run {
  report: Awaited<ReturnType<typeof runLabel>>;
  results: ResultRecord[];
}

async function setupRun(input: readonly unknown[] | string = records) {
  const dir = await tempDir();
  const inputFile = join(dir, 'rollouts.jsonl');
  await writeFile(inputFile, typeof input === 'string' ? input : jsonl(input));
  const out = join(dir, 'results.jsonl');
  const run = async (instances: GraderInstance[], options: Partial<LabelRunOptions> = {}): Promise<Run> => {
    const gatedOn = instances.flatMap((instance) => (instance.gate ? [instance.gate.grader] : []));
    const { store } = await ResultsStore.open(out, { trackLabelsOf: gatedOn });
    let report: Run['report'];
    try {
      report = await runLabel({ input: inputFile, store, instances, concurrency: 1, ...options });
    } finally {
      store.close(); // flushes what the store buffered
    }
    return { report, results: await readResults(out) };
  };
  return { run, out, inputFile };
}

async function readResults(file: string): Promise<ResultRecord[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ResultRecord);
}

describe('runLabel', () => {
  test('writes one record per transcript and grader and counts them', async () => {
    const { run } = await setupRun();
    const { report, results } = await run([instanceOf(echo, tinyRubric())]);
    expect(results.map((record) => [record.transcriptId, record.grader, record.rubric, record.label])).toEqual([
      ['t1', 'echo', 'tiny', 'yes'],
      ['t2', 'echo', 'tiny', 'no'],
      ['t3', 'echo', 'tiny', 'yes'],
    ]);
    expect(report).toMatchObject({ transcripts: 3, problems: 0, aborted: false, perGrader: { echo: { graded: 3, errors: 0, alreadyDone: 0, gatedOut: 0 } } });
    expect(results[0]?.source).toMatchObject({ line: 1 });
  });

  test('a transcript id repeated in the input is graded once, and the repeat is reported and counted, not taken for already done', async () => {
    const { run, inputFile } = await setupRun([records[0], { ...records[0], text: '<cot>no</cot>' }, records[1]]);
    let calls = 0;
    const slow = grader('slow', async (transcript) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 'ok', label: transcript.scratchpad[0]?.text ?? 'no', evidence: [] };
    });
    const problems: unknown[] = [];
    const { report, results } = await run([instanceOf(slow, tinyRubric())], { concurrency: 4, onProblem: (problem) => problems.push(problem) });
    expect(calls).toBe(2);
    expect(results.map((record) => [record.transcriptId, record.label])).toEqual([
      ['t1', 'yes'],
      ['t2', 'no'],
    ]);
    expect(problems).toEqual([{ file: inputFile, line: 2, message: 'duplicate id "t1" (first at line 1)', kind: 'duplicate-id' }]);
    expect(report).toMatchObject({ transcripts: 2, problems: 0, duplicateIds: 1 });
    expect(report.perGrader['slow']).toMatchObject({ graded: 2, alreadyDone: 0 });
  });

  test('a grader that throws leaves an error record with its message, and the run goes on', async () => {
    const { run } = await setupRun();
    const flaky = grader('flaky', (transcript) => {
      if (transcript.id === 't2') throw new Error('the model refused');
      return { status: 'ok', label: 'yes', evidence: [] };
    });
    const { report, results } = await run([instanceOf(flaky, tinyRubric())]);
    expect(results.find((record) => record.transcriptId === 't2')).toMatchObject({ status: 'error', label: null, error: 'the model refused' });
    expect(report.perGrader['flaky']).toMatchObject({ graded: 2, errors: 1 });
  });

  test("a label outside the rubric is recorded as an E_VERDICT_INVALID error, not as a label", async () => {
    const { run } = await setupRun();
    const { results } = await run([instanceOf(grader('wrong', () => ({ status: 'ok', label: 'maybe', evidence: [] })), tinyRubric())]);
    expect(results.every((record) => record.status === 'error' && record.code === 'E_VERDICT_INVALID' && record.label === null)).toBe(true);
  });

  test("the rubric's emptyLabel is recorded without calling the grader", async () => {
    const { run } = await setupRun([{ id: 'empty', text: '<bash>ls</bash>' }, ...records]);
    const grade = vi.fn(echo.grade);
    const { results } = await run([instanceOf({ ...echo, grade }, tinyRubric({ emptyLabel: 'no' }))]);
    expect(results[0]).toMatchObject({ transcriptId: 'empty', status: 'ok', label: 'no', flags: ['emptyInput'] });
    expect(grade).toHaveBeenCalledTimes(3);
  });

  test('a gated grader runs only where the gate allows and counts the rest as gated out', async () => {
    const { run } = await setupRun();
    const second = vi.fn(() => ({ status: 'ok' as const, label: 'yes', evidence: [] }));
    const instances = [instanceOf(echo, tinyRubric()), instanceOf(grader('second', second), tinyRubric(), { gate: { grader: 'echo', labels: ['yes'] } })];
    const { report, results } = await run(instances);
    expect(results.filter((record) => record.grader === 'second').map((record) => record.transcriptId)).toEqual(['t1', 't3']);
    expect(report.perGrader['second']).toEqual({ graded: 2, alreadyDone: 0, gatedOut: 1, errors: 0 });
  });

  test("a gate on `notAbstained` keeps out transcripts the other grader abstained on", async () => {
    const { run } = await setupRun();
    const picky = grader('picky', (transcript) => (transcript.id === 't2' ? { status: 'abstain', reason: 'unsure' } : { status: 'ok', label: 'yes', evidence: [] }));
    const { report } = await run([instanceOf(picky, tinyRubric()), instanceOf(grader('second', echo.grade), tinyRubric(), { gate: { grader: 'picky', notAbstained: true } })]);
    expect(report.perGrader['second']).toMatchObject({ graded: 2, gatedOut: 1 });
  });

  test('a gate on a grader that errored keeps the transcript out', async () => {
    const { run } = await setupRun();
    const broken = grader('broken', () => {
      throw new Error('down');
    });
    const { report } = await run([instanceOf(broken, tinyRubric()), instanceOf(grader('second', echo.grade), tinyRubric(), { gate: { grader: 'broken', labels: ['yes', 'no'] } })]);
    expect(report.perGrader['second']).toMatchObject({ graded: 0, gatedOut: 3 });
  });

  test("a resumed run applies the gate from the results file when the gating grader is already done", async () => {
    const { run } = await setupRun();
    await run([instanceOf(echo, tinyRubric())]);
    const { report, results } = await run([instanceOf(echo, tinyRubric()), instanceOf(grader('second', echo.grade), tinyRubric(), { gate: { grader: 'echo', labels: ['no'] } })]);
    expect(report.perGrader['echo']).toMatchObject({ graded: 0, alreadyDone: 3 });
    expect(report.perGrader['second']).toMatchObject({ graded: 1, gatedOut: 2 });
    expect(results.filter((record) => record.grader === 'second').map((record) => record.transcriptId)).toEqual(['t2']);
  });

  test('malformed lines are reported to onProblem and the other transcripts are graded', async () => {
    const { run, inputFile } = await setupRun(`${JSON.stringify(records[0])}\n{not json\n\n${JSON.stringify(records[1])}\n`);
    const problems: unknown[] = [];
    const { report, results } = await run([instanceOf(echo, tinyRubric())], { onProblem: (problem) => problems.push(problem) });
    expect(problems).toEqual([{ file: inputFile, line: 2, message: expect.stringMatching(/^not valid JSON/) }]);
    expect(report).toMatchObject({ transcripts: 2, problems: 1 });
    expect(results).toHaveLength(2);
  });

  test('a grader that needs an LLM is skipped with the reason when none can be made', async () => {
    const { run } = await setupRun();
    const llmGrader = grader('llm', echo.grade);
    const instance = instanceOf(llmGrader, tinyRubric(), { llm: { provider: 'anthropic', model: 'm', maxTokens: 10, timeoutMs: 1000, concurrency: 1, retries: 0 } });
    const { report, results } = await run([instance], { llmFor: () => ({ unavailable: 'ANTHROPIC_API_KEY is not set' }) });
    expect(report.skipped).toEqual([{ grader: 'llm', reason: 'ANTHROPIC_API_KEY is not set' }]);
    expect(results).toEqual([]);
  });

  test('onRecord sees each verdict as it is written', async () => {
    const { run } = await setupRun();
    const seen: string[] = [];
    await run([instanceOf(echo, tinyRubric())], { onRecord: ({ transcriptId, record }) => seen.push(`${transcriptId}=${record.status === 'ok' ? record.label : record.status}`) });
    expect(seen).toEqual(['t1=yes', 't2=no', 't3=yes']);
  });

  test('aborting stops the run, and the verdict cut short is not written', async () => {
    const { run } = await setupRun();
    const controller = new AbortController();
    const grade = vi.fn<AnyGrader['grade']>((transcript, ctx) => {
      if (transcript.id === 't1') return { status: 'ok', label: 'yes', evidence: [] };
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        controller.abort();
      });
    });
    const { report, results } = await run([instanceOf(grader('slow', grade), tinyRubric())], { signal: controller.signal });
    expect(report.aborted).toBe(true);
    expect(results.map((record) => record.transcriptId)).toEqual(['t1']);
    expect(grade).toHaveBeenCalledTimes(2);
  });

  test('an abort between transcripts grades nothing further', async () => {
    const { run } = await setupRun();
    const controller = new AbortController();
    const onRecord = () => controller.abort();
    const { report, results } = await run([instanceOf(echo, tinyRubric())], { signal: controller.signal, onRecord });
    expect(report.aborted).toBe(true);
    expect(results.map((record) => record.transcriptId)).toEqual(['t1']);
  });
});
