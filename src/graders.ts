/**
 * The built-in graders entry (`transcript-grader/graders`): the graders shipped in `graders/` and
 * their factories. They are written against the plugin entry (`transcript-grader/plugin`) like any
 * user's plugin; this entry imports them, and the plugin entry never imports this one.
 */
export { createLlmRubricGrader, LlmRubricOptionsSchema } from '../graders/llm-rubric/llm-rubric-grader.js';
export type { LlmRubricOptions } from '../graders/llm-rubric/llm-rubric-grader.js';
export { default as llmRubricGrader } from '../graders/llm-rubric/index.js';
export { rewardTamperingActionGrader, rewardTamperingReasoningGrader } from '../graders/reward-tampering-heuristics/index.js';
