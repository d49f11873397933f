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
}
