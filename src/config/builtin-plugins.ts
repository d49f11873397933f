import learned from '../../graders/learned/index.js';
import llmRubric from '../../graders/llm-rubric/index.js';
import rewardTamperingHeuristics from '../../graders/reward-tampering-heuristics/index.js';
import type { GraderEntry } from './schema.js';

/** Default grading model (2026-11); set `llm.model` in the config to choose another. */
const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
import type { LoadedPlugin } from './load-plugins.js';

/** The built-in graders, loaded like any plugin (they import only the public plugin entry). */
export function builtinPlugins(): LoadedPlugin[] {
  return [
    { origin: 'built-in: graders/reward-tampering-heuristics', graders: [...rewardTamperingHeuristics], rubrics: [] },
    { origin: 'built-in: graders/llm-rubric', graders: [llmRubric], rubrics: [] },
    { origin: 'built-in: graders/learned', graders: [...learned], rubrics: [] },
  ];
}

/**
 * The graders run when the config names none: the offline heuristics on both axes, then the LLM
 * rubric grader on the reasoning axis (skipped with a one-line reason when no key is set).
 */
export function defaultGraderEntries(): GraderEntry[] {
  return [
    { use: 'reward-tampering-actions', rubric: 'reward-tampering-action', options: {} },
    { use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning', options: {} },
    {
      use: 'llm-rubric',
      rubric: 'reward-tampering-reasoning',
      options: {},
      llm: { provider: 'anthropic', model: DEFAULT_ANTHROPIC_MODEL, maxTokens: 2048, timeoutMs: 120_000, concurrency: 8, retries: 6 },
    },
  ];
}
