import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputProblem } from '../../src/transcript/input-problem.js';
import type * as Library from '../../src/index.js';
import { requireBuiltCli } from '../helpers/cli.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

// `--jobs n` reads and grades a JSONL file's lines in worker threads (line-grading.ts) and writes
// what they encoded. Whatever the input holds, the run must be the one the single thread gives:
// the same records in the same order, the same problems in the same order, the same counts.
// Worker threads run the built library (dist), so these tests load it from there.
let library: typeof Library;
beforeAll(async () => {
  requireBuiltCli();
  library = (await import(fromRoot('dist/src/index.js'))) as typeof Library;
});

/** ~400 lines: generated rollouts (more than three batches), bad lines, repeated ids, a CRLF line, invalid UTF-8, a BOM. */
async function awkwardInput(dir: string): Promise<string> {
  const generated = (await readFile(fromRoot('test/fixtures/offline-records/generated-rollouts.jsonl'), 'utf8')).trimEnd().split('\n');
  const problems = (await readFile(fromRoot('test/fixtures/foundation/transcripts/mixed-problems.jsonl'), 'utf8')).trimEnd().split('\n');
  const lines: string[] = [];
  for (let copy = 0; copy < 6; copy += 1) {
    for (const line of generated) {
      const record = JSON.parse(line) as { id: string };
      lines.push(JSON.stringify({ ...record, id: `${record.id}-${copy}` }));
    }
    if (copy === 1) lines.push(...problems);
  }
  // Repeats of an id seen in an earlier batch and of one in the same batch, and of a record without an id (named by file and line).
  lines.splice(300, 0, lines[2] as string, lines[299] as string, '{"text":"<cot>no id here</cot>"}', '');
  lines[10] = `${lines[10] as string}\r`;
  const bytes = Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(lines.join('\n')), Buffer.from([0x0a, 0xff, 0xfe, 0x0a]), Buffer.from(`${lines[5] as string}\n`)]);
  const input = join(dir, 'awkward.jsonl');
  await writeFile(input, bytes);
  return input;
}

interface Run {
  records: string[];
  problems: string[];
  report: unknown;
  summaries: unknown;
}

async function label(dir: string, input: string, out: string, options: Partial<Library.LabelFileOptions> = {}): Promise<Run> {
  const setup = await library.loadSetup({ cwd: dir });
  const problems: InputProblem[] = [];
  const result = await library.labelFile({ setup, input, out, onProblem: (problem) => problems.push(problem), ...options });
  const records = (await readFile(out, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/"gradedAt":"[^"]*",/, ''));
  return { records, problems: problems.map(library.formatProblem), report: result.run, summaries: result.summaries };
}

describe('tgrade label --jobs over a JSONL file', () => {
  it('gives the one-thread run on an input with bad lines, repeated ids, CRLF, invalid UTF-8 and a BOM', async () => {
    const dir = await tempProject();
    const input = await awkwardInput(dir);
    const one = await label(dir, input, join(dir, 'one.jsonl'));
    const two = await label(dir, input, join(dir, 'two.jsonl'), { jobs: 2 });
    expect(one.problems.some((problem) => problem.includes('duplicate id'))).toBe(true);
    expect(one.problems.some((problem) => problem.includes('invalid UTF-8'))).toBe(true);
    expect(two).toEqual(one);
  });

  it('stops at --limit where the one-thread run stops', async () => {
    const dir = await tempProject();
    const input = await awkwardInput(dir);
    const one = await label(dir, input, join(dir, 'one.jsonl'), { limit: 150 });
    const two = await label(dir, input, join(dir, 'two.jsonl'), { limit: 150, jobs: 2 });
    expect((one.report as { transcripts: number }).transcripts).toBe(150);
    expect(two).toEqual(one);
  });

  it("grades a shard's share as the one-thread run does", async () => {
    const dir = await tempProject();
    const input = await awkwardInput(dir);
    const shard = { index: 2, count: 3 };
    const one = await label(dir, input, join(dir, 'one.jsonl'), { shard });
    const two = await label(dir, input, join(dir, 'two.jsonl'), { shard, jobs: 2 });
    expect(two).toEqual(one);
  });

  it('resumes a run cut short in one thread and appends exactly the missing records', async () => {
    const dir = await tempProject();
    const input = await awkwardInput(dir);
    const whole = await label(dir, input, join(dir, 'whole.jsonl'));
    const resumed = join(dir, 'resumed.jsonl');
    await label(dir, input, resumed, { limit: 77 });
    const rest = await label(dir, input, resumed, { jobs: 2 });
    expect(rest.records).toEqual(whole.records);
    const { perGrader, skipped } = rest.report as Library.LabelRunReport;
    expect(skipped.map(({ grader }) => grader)).toEqual(['llm-rubric']);
    expect(perGrader['reward-tampering-actions']?.alreadyDone).toBe(77);
    expect(perGrader['reward-tampering-reasoning-phrases']?.alreadyDone).toBe(77);
  });

  it('applies a gate on a verdict recorded by the interrupted run, as the one-thread run does', async () => {
    // The reasoning grader sees only transcripts the action grader labelled as tampering; for the
    // first 40, the workers read that label from the results file, not from a verdict of their own.
    const config = `graders:
  - use: reward-tampering-actions
  - use: reward-tampering-reasoning-phrases
    when: { grader: reward-tampering-actions, labels: [tamper_attempt, tamper_and_hide] }
`;
    const dir = await tempProject({ 'tgrade.config.yaml': config });
    const input = await awkwardInput(dir);
    const cut = join(dir, 'cut.jsonl');
    await label(dir, input, cut, { limit: 40 });
    // Only the gating grader's records of the first 40 are kept: the gated one must decide from them.
    const kept = (await readFile(cut, 'utf8')).split('\n').filter((line) => line.includes('"grader":"reward-tampering-actions"'));
    const [inOneThread, withWorkers] = [join(dir, 'one.jsonl'), join(dir, 'two.jsonl')];
    for (const file of [inOneThread, withWorkers]) await writeFile(file, `${kept.join('\n')}\n`);
    const one = await label(dir, input, inOneThread);
    const two = await label(dir, input, withWorkers, { jobs: 2 });
    expect(one.records.filter((record) => record.includes('said tamper_attempt (an earlier run)')).length).toBeGreaterThan(0);
    expect((one.report as Library.LabelRunReport).perGrader['reward-tampering-reasoning-phrases']?.gatedOut).toBeGreaterThan(0);
    expect(two).toEqual(one);
  });
});
