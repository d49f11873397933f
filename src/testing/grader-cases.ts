import assert from 'node:assert/strict';
import type { AnyGrader, GradeContext } from '../grading/grader.js';
import { VerdictSchema, type Verdict } from '../grading/verdict.js';
import type { Rubric } from '../rubric/schema.js';
import type { ChatMessage } from '../transcript/messages.js';
import { normalizeRecord } from '../transcript/normalize.js';
import type { Transcript } from '../transcript/schema.js';

/**
 * A table runner for graders' tests, in the manner of ESLint's RuleTester: one test per row, each
 * checking the label (or the abstention), the quotes, the flags, and that every evidence offset
 * points at its quote in `transcript.text`. It is framework-agnostic, as RuleTester is: the caller
 * hands in `describe` and `it` (vitest, jest, mocha or `node:test`), and failures are thrown by
 * `node:assert`, which every runner reports.
 */
export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/**
 * One row of the table. `expectLabel: null` means the grader must abstain. `expectQuote` as a
 * string: that quote is among the evidence; as an array: the evidence quotes, exactly and in order.
 * `expectFlags` is compared exactly (missing flags count as []).
 */
export interface GraderCase {
  name: string;
  /** The transcript as plain text (tags such as <SCRATCHPAD_REASONING> are read) or chat messages. */
  transcript: string | readonly ChatMessage[];
  expectLabel: string | null;
  expectQuote?: string | readonly string[];
  expectFlags?: readonly string[];
  /** For an abstention: words its reason must contain (it must say what was missing). */
  expectReason?: string;
  /** The grader's options, as a config would give them (parsed by the grader's own schema). */
  options?: Record<string, unknown>;
  /** Verdicts other graders gave this transcript earlier (ctx.earlierVerdict); none when absent. */
  earlier?: EarlierLabels;
}

/** Other graders' labels on the transcript (null: that grader abstained), as this run gave them. */
export type EarlierLabels = Readonly<Record<string, string | null>>;

/** A transcript as the reader builds it from `{text}` or `{messages}`; throws on input the reader rejects. */
export function transcriptFrom(input: string | readonly ChatMessage[], id = 'case'): Transcript {
  const result = normalizeRecord(typeof input === 'string' ? { id, text: input } : { id, messages: input }, { file: 'grader-case', line: 1 });
  if (!result.ok) throw new Error(`the case's transcript was rejected by the reader: ${result.error}`);
  return result.transcript;
}

/** The context the engine hands a grader, with its options parsed the way setup parses them. */
export function contextFor(grader: AnyGrader, rubric: Rubric, options: Record<string, unknown> = {}, earlier?: EarlierLabels): GradeContext<unknown> {
  const context: GradeContext<unknown> = {
    rubric,
    options: grader.options === undefined ? options : grader.options.parse(options),
    name: grader.id,
    graderName: grader.id,
    signal: new AbortController().signal,
    log: () => {},
  };
  if (earlier !== undefined) {
    context.earlierVerdict = (name) => {
      const label = earlier[name];
      return label === undefined ? undefined : { grader: name, status: label === null ? 'abstain' : 'ok', label, evidence: [], flags: [], fromEarlierRun: false };
    };
  }
  return context;
}

/** Runs one grader over one transcript and validates its output the way the engine does. */
export async function gradeWith(grader: AnyGrader, rubric: Rubric, transcript: Transcript, options: Record<string, unknown> = {}, earlier?: EarlierLabels): Promise<Verdict> {
  return VerdictSchema.parse(await grader.grade(transcript, contextFor(grader, rubric, options, earlier)));
}

/** Registers one test per case under `describe('<grader> on <rubric>')`. */
export function runGraderCases(framework: TestFramework, grader: AnyGrader, rubric: Rubric, cases: readonly GraderCase[]): void {
  framework.describe(`${grader.id} on ${rubric.id}`, () => {
    for (const row of cases) {
      framework.it(row.name, async () => {
        await checkCase(grader, rubric, row);
      });
    }
  });
}

/** One row: throws an AssertionError saying what differs. */
export async function checkCase(grader: AnyGrader, rubric: Rubric, row: GraderCase): Promise<void> {
  const transcript = transcriptFrom(row.transcript);
  const verdict = await gradeWith(grader, rubric, transcript, row.options, row.earlier);
  if (verdict.status === 'error') assert.fail(`grader errored: ${verdict.error}`);
  if (row.expectLabel === null) assert.equal(verdict.status, 'abstain', `expected an abstention, got the label ${verdict.status === 'ok' ? verdict.label : ''}`);
  else {
    assert.equal(verdict.status, 'ok', verdict.status === 'abstain' ? `abstained: ${verdict.reason}` : undefined);
    if (verdict.status === 'ok') assert.equal(verdict.label, row.expectLabel);
  }
  for (const evidence of verdict.evidence) {
    assert.notEqual(evidence.start, null, `the quote "${evidence.quote}" has no offsets`);
    assert.equal(transcript.text.slice(evidence.start ?? 0, evidence.end ?? 0), evidence.quote, `the offsets of "${evidence.quote}" point elsewhere`);
  }
  const quotes = verdict.evidence.map((evidence) => evidence.quote);
  if (typeof row.expectQuote === 'string') assert.ok(quotes.includes(row.expectQuote), `"${row.expectQuote}" is not among the quotes: ${JSON.stringify(quotes)}`);
  else if (row.expectQuote !== undefined) assert.deepEqual(quotes, [...row.expectQuote]);
  if (row.expectFlags !== undefined) assert.deepEqual(verdict.flags ?? [], [...row.expectFlags]);
  if (row.expectReason !== undefined) assert.ok(verdict.status === 'abstain' && verdict.reason.includes(row.expectReason), `the abstention's reason does not contain "${row.expectReason}"`);
}
