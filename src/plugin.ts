/**
 * The plugin entry point (`transcript-grader/plugin`): what a grader plugin uses, and nothing of the
 * engine. The built-in graders import it exactly as a user's plugin does; the built-in graders and
 * their factories (`createLlmRubricGrader`) are exported from `transcript-grader/graders`, which
 * imports this entry, never the reverse.
 */
import { uniqueEvidence as evidenceOfMatches } from './grading/phrase-matcher.js';
import { spansOfParts as spansOf } from './transcript/parts.js';

export { defineGrader } from './grading/grader.js';
export type { Grader, GradeContext, GraderCapability, GraderLlm, GraderLlmRequest, GraderLlmResponse } from './grading/grader.js';
export { matchPhrases } from './grading/phrase-matcher.js';
export type { EarlierVerdict, EarlierVerdictLookup } from './grading/earlier-verdicts.js';
export type { Phrase, PhraseMatch } from './grading/phrase-matcher.js';
export { labelNames } from './rubric/schema.js';
export type { Rubric, RubricLabel, RubricExample } from './rubric/schema.js';
export type { Action, Span, Transcript, TranscriptPart } from './transcript/schema.js';
export type { Evidence } from './grading/verdict.js';

/** What `grade` returns: `{status: 'ok', label, evidence?, confidence?}`, `{status: 'abstain', reason}` or `{status: 'error', error}`. */
export type { VerdictInput as Verdict } from './grading/verdict.js';
/** @deprecated Renamed `Verdict`; this name goes in 0.3.0. */
export type { VerdictInput } from './grading/verdict.js';

/** The text of the transcript's parts a rubric reads (`ctx.rubric.reads`), as spans with offsets. */
export const textOf = spansOf;
/** Each quoted passage of some phrase matches once, as the evidence a verdict carries. */
export const evidenceFrom = evidenceOfMatches;
/** @deprecated Renamed `textOf`; this name goes in 0.3.0. */
export const spansOfParts = spansOf;
/** @deprecated Renamed `evidenceFrom`; this name goes in 0.3.0. */
export const uniqueEvidence = evidenceOfMatches;
export { loadLearnedModel } from './learned/learned-model.js';
export type { LearnedModel } from './learned/learned-model.js';
