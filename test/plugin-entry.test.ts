import { describe, expect, it } from 'vitest';
import * as graders from '../src/graders.js';
import * as library from '../src/index.js';
import * as plugin from '../src/plugin.js';

describe('the plugin entry (transcript-grader/plugin)', () => {
  it('exports at most ten runtime names, all of them for plugin authors', () => {
    expect(Object.keys(plugin).sort()).toEqual(['defineGrader', 'evidenceFrom', 'labelNames', 'loadLearnedModel', 'matchPhrases', 'spansOfParts', 'textOf', 'uniqueEvidence']);
  });

  it('keeps the renamed helpers under their old names, as the same functions', () => {
    expect(plugin.spansOfParts).toBe(plugin.textOf);
    expect(plugin.uniqueEvidence).toBe(plugin.evidenceFrom);
  });
});

describe('the built-in graders entry (transcript-grader/graders)', () => {
  it('exports the LLM rubric grader factory and the shipped graders', () => {
    expect(typeof graders.createLlmRubricGrader).toBe('function');
    expect(graders.llmRubricGrader.id).toBe('llm-rubric');
    expect(graders.rewardTamperingActionGrader.id).toBe('reward-tampering-actions');
  });

  it('is re-exported by the library entry, with the LLM grader internals it exported before', () => {
    expect(library.createLlmRubricGrader).toBe(graders.createLlmRubricGrader);
    expect(typeof library.buildVerdictRequest).toBe('function');
    expect(typeof library.TgradeError).toBe('function');
  });
});
