import { describe, expect, test } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { GraderInstance, Setup } from '../../src/config/setup.js';
import type { AnyGrader, GradeContext } from '../../src/grading/grader.js';
import { VerdictSchema, type Verdict } from '../../src/grading/verdict.js';
import type { Rubric } from '../../src/rubric/schema.js';
import type { ChatMessage } from '../../src/transcript/messages.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { expectSpansInText, transcriptFrom } from './transcripts.js';

/** A GraderInstance as setup would bind it, without a config file. */
export function instanceOf(grader: AnyGrader, rubric: Rubric, extra: Partial<GraderInstance> = {}): GraderInstance {
  return { name: grader.id, grader, rubric, options: grader.options?.parse({}) ?? {}, origin: 'test', ...extra };
}

/** Other graders' labels on the transcript (null: that grader abstained), as this run gave them. */
export type EarlierLabels = Readonly<Record<string, string | null>>;

/** The context the engine hands a grader, with its options parsed the way setup parses them. */
export function contextFor(grader: AnyGrader, rubric: Rubric, options: Record<string, unknown> = {}, earlier?: EarlierLabels): GradeContext<unknown> {
  const context: GradeContext<unknown> = {
    rubric,
    options: grader.options === undefined ? options : grader.options.parse(options),
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

/**
 * One row of a RuleTester-style table. `expectLabel: null` means the grader must abstain.
 * `expectQuote` as a string: that quote is among the evidence; as an array: the evidence quotes,
 * exactly and in order. `expectFlags` is compared exactly (missing flags count as []).
 */
export interface GraderCase {
  name: string;
  transcript: string | readonly ChatMessage[];
  expectLabel: string | null;
  expectQuote?: string | readonly string[];
  expectFlags?: readonly string[];
  /** For an abstention: words its reason must contain (it must say what was missing). */
  expectReason?: string;
  options?: Record<string, unknown>;
  /** Verdicts other graders gave this transcript earlier (ctx.earlierVerdict); none when absent. */
  earlier?: EarlierLabels;
}

/** Runs one grader over one transcript and validates its output the way the engine does. */
export async function gradeWith(grader: AnyGrader, rubric: Rubric, transcript: Transcript, options: Record<string, unknown> = {}, earlier?: EarlierLabels): Promise<Verdict> {
  return VerdictSchema.parse(await grader.grade(transcript, contextFor(grader, rubric, options, earlier)));
}

/**
 * ESLint RuleTester for graders: one test per row, each checking the label (or abstention), the
 * quotes, the flags, and that every evidence offset points at its quote in `transcript.text`.
 */
export function runGraderCases(grader: AnyGrader, rubric: Rubric, cases: readonly GraderCase[]): void {
  describe(`${grader.id} on ${rubric.id}`, () => {
    for (const row of cases) {
      test(row.name, async () => {
        const transcript = transcriptFrom(row.transcript);
        expectSpansInText(transcript);
        const verdict = await gradeWith(grader, rubric, transcript, row.options, row.earlier);

        if (verdict.status === 'error') throw new Error(`grader errored: ${verdict.error}`);
        if (row.expectLabel === null) expect(verdict.status, 'expected an abstention').toBe('abstain');
        else {
          expect(verdict.status, verdict.status === 'abstain' ? `abstained: ${verdict.reason}` : '').toBe('ok');
          if (verdict.status === 'ok') expect(verdict.label).toBe(row.expectLabel);
        }

        for (const evidence of verdict.evidence) {
          expect(evidence.start, `offsets of "${evidence.quote}"`).not.toBeNull();
          expect(transcript.text.slice(evidence.start ?? 0, evidence.end ?? 0)).toBe(evidence.quote);
        }
        const quotes = verdict.evidence.map((evidence) => evidence.quote);
        if (typeof row.expectQuote === 'string') expect(quotes).toContain(row.expectQuote);
        else if (row.expectQuote !== undefined) expect(quotes).toEqual(row.expectQuote);
        if (row.expectFlags !== undefined) expect(verdict.flags ?? []).toEqual(row.expectFlags);
        if (row.expectReason !== undefined) expect(verdict.status === 'abstain' ? verdict.reason : '').toContain(row.expectReason);
      });
    }
  });
}

/** A Setup as loadSetup would return it, for library calls like labelFile, from instances alone. */
export function setupOf(instances: GraderInstance[], config: Partial<Setup['config']> = {}): Setup {
  return {
    config: { ...ConfigSchema.parse({}), ...config },
    configFile: null,
    baseDir: process.cwd(),
    rubrics: new Map(instances.map((instance) => [instance.rubric.id, instance.rubric])),
    graders: new Map(instances.map((instance) => [instance.grader.id, { grader: instance.grader, origin: instance.origin }])),
    instances,
  };
}
