/**
 * The test kit for plugin authors (`transcript-grader/testing`): a RuleTester-like table runner that
 * takes `describe`/`it` from the caller, and the helpers it is built from.
 */
export { checkCase, contextFor, gradeWith, runGraderCases, transcriptFrom } from './grader-cases.js';
export type { EarlierLabels, GraderCase, TestFramework } from './grader-cases.js';
export { loadRubricFile, parseRubric } from '../rubric/load-rubric.js';
