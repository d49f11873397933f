import rewardTamperingHeuristics from '../../graders/reward-tampering-heuristics/index.js';
import type { GraderEntry } from './schema.js';
import type { LoadedPlugin } from './load-plugins.js';

/**
 * The built-in graders, loaded like any plugin (they import only the public plugin entry). LLM
 * graders join this list from graders/llm-rubric.
 */
export function builtinPlugins(): LoadedPlugin[] {
  return [{ origin: 'built-in: graders/reward-tampering-heuristics', graders: [...rewardTamperingHeuristics], rubrics: [] }];
}

/** The graders run when the config names none: the offline heuristics on both axes. */
export function defaultGraderEntries(): GraderEntry[] {
  return [
    { use: 'reward-tampering-actions', rubric: 'reward-tampering-action', options: {} },
    { use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning', options: {} },
  ];
}
