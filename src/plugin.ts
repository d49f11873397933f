/**
 * The plugin entry point (`transcript-grader/plugin`): everything a grader plugin may use. The
 * built-in graders import only this, exactly as a user's plugin does.
 */
export { defineGrader } from './grading/grader.js';
export type { Grader, GradeContext, GraderCapability, GraderLlm, GraderLlmRequest, GraderLlmResponse } from './grading/grader.js';
export type { Evidence, Verdict, VerdictInput } from './grading/verdict.js';
export { matchPhrases, uniqueEvidence } from './grading/phrase-matcher.js';
export type { Phrase, PhraseMatch } from './grading/phrase-matcher.js';
export type { Action, Span, Transcript, TranscriptPart } from './transcript/schema.js';
export { spansOfParts, locateQuote, foldWhitespace } from './transcript/parts.js';
export type { LocatedQuote } from './transcript/parts.js';
export type { Rubric, RubricLabel, RubricExample } from './rubric/schema.js';
export { labelNames } from './rubric/schema.js';
export { TgradeError } from './errors.js';
export { loadLearnedModel } from './learned/learned-model.js';
export type { LearnedModel } from './learned/learned-model.js';
export { createLlmRubricGrader, LlmRubricOptionsSchema } from './llm/llm-rubric-grader.js';
export type { LlmRubricOptions } from './llm/llm-rubric-grader.js';
export { llmVerdictSchema, llmVerdictJsonSchema } from './llm/verdict-schema.js';
export { buildVerdictRequest, systemPrompt, transcriptMessage, neutralizeDelimiters } from './llm/prompt.js';
export { reduceVotes, voteShares, ReducerSchema } from './llm/reducers.js';
export type { Reducer, Reduction } from './llm/reducers.js';
export { checkEvidence } from './llm/evidence-check.js';
export { findInjectionAttempts } from './llm/injection.js';
