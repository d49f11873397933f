import { z } from 'zod';
import type { LlmSettings } from '../providers/llm-settings.js';
import type { Rubric } from '../rubric/schema.js';
import type { AnyGrader } from './grader.js';

/** Grade only transcripts where another grader's verdict allows it (a cheap prefilter). */
export const GateSchema = z
  .object({
    /** Name of the grader instance whose verdict decides. */
    grader: z.string().min(1),
    /** Grade when that verdict's label is one of these. */
    labels: z.array(z.string()).min(1).optional(),
    /** Grade when that grader did not abstain. */
    notAbstained: z.boolean().optional(),
  })
  .strict()
  .refine((gate) => gate.labels !== undefined || gate.notAbstained === true, 'a gate needs `labels` or `notAbstained: true`');
export type Gate = z.infer<typeof GateSchema>;

/** One configured grader: a plugin's grader bound to a rubric, options and (maybe) an LLM. */
export interface GraderInstance {
  name: string;
  grader: AnyGrader;
  rubric: Rubric;
  options: unknown;
  llm?: LlmSettings;
  gate?: Gate;
  /** Where the grader came from (built-in, plugin path, package). */
  origin: string;
  /** Folder relative paths in the entry's options resolve against (the config file's). */
  configDir?: string;
}

/**
 * The graders whose labels a run must keep from the results file: those others are gated on, and
 * those a grader says it reads (`dependsOn`), so a resumed run still hands them over.
 */
export function gradersReadByOthers(instances: readonly GraderInstance[]): string[] {
  const names = new Set<string>();
  for (const instance of instances) {
    if (instance.gate !== undefined) names.add(instance.gate.grader);
    for (const name of instance.grader.dependsOn?.(instance.options) ?? []) names.add(name);
  }
  return [...names];
}
