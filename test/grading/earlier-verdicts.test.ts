import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { GraderInstance } from '../../src/config/setup.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import { bindInstances } from '../../src/config/setup.js';
import { gradersReadByOthers } from '../../src/grading/grader-instance.js';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { labelFile } from '../../src/label.js';
import { instanceOf, setupOf } from '../helpers/graders.js';
import { tinyRubric } from '../helpers/rubrics.js';
import { jsonl, tempDir } from '../helpers/temp-dir.js';

const rubric = tinyRubric();
const first: AnyGrader = { id: 'first', rubrics: ['tiny'], grade: (transcript) => ({ status: 'ok', label: transcript.scratchpad[0]?.text === 'yes' ? 'yes' : 'no', evidence: [] }) };

/** Labels what `first` said, and says in its reasoning where it read it from. */
const reader: AnyGrader = {
  id: 'reader',
  rubrics: ['tiny'],
  dependsOn: () => ['first'],
  grade: (_transcript, ctx) => {
    const earlier = ctx.earlierVerdict?.('first');
    if (earlier === undefined) return { status: 'abstain', reason: 'no verdict of first' };
    return { status: 'ok', label: earlier.label ?? 'no', evidence: [], reasoning: earlier.fromEarlierRun ? 'earlier run' : 'this run' };
  },
};

async function run(instances: GraderInstance[], dir: string): Promise<ResultRecord[]> {
  const input = join(dir, 'in.jsonl');
  const out = join(dir, 'out.jsonl');
  await writeFile(input, jsonl([{ id: 'a', text: '<cot>yes</cot>' }, { id: 'b', text: '<cot>no</cot>' }]));
  await labelFile({ setup: setupOf(instances), input, out });
  return (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ResultRecord);
}

describe('earlier verdicts in the grader context', () => {
  test('a grader reads the verdict an earlier grader gave the same transcript in this run', async () => {
    const results = await run([instanceOf(first, rubric), instanceOf(reader, rubric)], await tempDir());
    const read = results.filter((record) => record.grader === 'reader').map((record) => [record.transcriptId, record.label, record.reasoning]);
    expect(read).toEqual([
      ['a', 'yes', 'this run'],
      ['b', 'no', 'this run'],
    ]);
  });

  test('a resumed run hands over the label an earlier run recorded in the same results file', async () => {
    const dir = await tempDir();
    await run([instanceOf(first, rubric)], dir);
    const results = await run([instanceOf(first, rubric), instanceOf(reader, rubric)], dir);
    const read = results.filter((record) => record.grader === 'reader').map((record) => [record.transcriptId, record.label, record.reasoning]);
    expect(read).toEqual([
      ['a', 'yes', 'earlier run'],
      ['b', 'no', 'earlier run'],
    ]);
  });

  test('a grader that names no dependency still sees what earlier graders gave in this run', async () => {
    const { dependsOn: _none, ...undeclared } = reader;
    const results = await run([instanceOf(first, rubric), instanceOf({ ...undeclared, id: 'undeclared' }, rubric)], await tempDir());
    expect(results.filter((record) => record.grader === 'undeclared').map((record) => record.label)).toEqual(['yes', 'no']);
  });

  test('a grader whose dependency is not configured gets no verdict (and may fall back)', async () => {
    const results = await run([instanceOf(reader, rubric)], await tempDir());
    expect(results.map((record) => record.status)).toEqual(['abstain', 'abstain']);
  });

  test('the graders read by others are those gated on and those named by dependsOn, once each', () => {
    const gated = instanceOf(first, rubric, { name: 'gated', gate: { grader: 'first' } });
    expect(gradersReadByOthers([instanceOf(first, rubric), instanceOf(reader, rubric), gated])).toEqual(['first']);
  });
});

describe('configuring a grader that reads another', () => {
  const graders = new Map([first, reader].map((grader) => [grader.id, { grader, origin: 'test' }]));
  const rubrics = new Map([[rubric.id, rubric]]);

  test('the grader it reads may come first', () => {
    const instances = bindInstances([{ use: 'first', options: {} }, { use: 'reader', options: {} }], graders, rubrics, 'tgrade.config.yaml');
    expect(instances.map((instance) => instance.name)).toEqual(['first', 'reader']);
  });

  test('the grader it reads configured after it is E_CONFIG_INVALID saying which to list first', () => {
    expect(() => bindInstances([{ use: 'reader', options: {} }, { use: 'first', options: {} }], graders, rubrics, 'tgrade.config.yaml')).toThrow(
      'tgrade.config.yaml: graders.0: "reader" reads the verdicts of "first", which is configured after it (graders.1); list "first" first',
    );
  });
});
