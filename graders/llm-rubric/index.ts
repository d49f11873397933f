import { createLlmRubricGrader } from './llm-rubric-grader.js';

/** The built-in LLM grader: any rubric, applied by the model configured for it in `tgrade.config.*`. */
export default createLlmRubricGrader({ id: 'llm-rubric', rubrics: '*' });
