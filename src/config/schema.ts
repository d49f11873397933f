import { z } from 'zod';
import { GateSchema, type Gate } from '../grading/grader-instance.js';
import { LlmSettingsSchema, type LlmSettings } from '../providers/llm-settings.js';

/**
 * The config file format (`tgrade.config.{ts,js,mjs,json,yaml}` or `package.json#tgrade`). Paths in
 * it are relative to the file. API keys are never written here: they come from the environment
 * (`ANTHROPIC_API_KEY`, `OPENAI_API_KEY`, or the variable named by `apiKeyEnv`).
 */
export type { LlmSettings, Gate };


const GraderEntrySchema = z
  .object({
    /** The grader's id, from a built-in or a plugin. */
    use: z.string().min(1),
    /** Name its verdicts are recorded under; defaults to the grader id. */
    name: z.string().regex(/^[\w.:@/-]+$/, 'letters, digits and . : @ / - _ only').optional(),
    /** Rubric id; may be left out when the grader serves exactly one rubric. */
    rubric: z.string().optional(),
    options: z.record(z.string(), z.unknown()).default({}),
    llm: LlmSettingsSchema.optional(),
    when: GateSchema.optional(),
  })
  .strict();
export type GraderEntry = z.infer<typeof GraderEntrySchema>;

const PriceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .strict();

export const ConfigSchema = z
  .object({
    /** Extra rubric files or folders, beside the built-in ones. */
    rubrics: z.array(z.string()).default([]),
    /** Plugin modules: paths (relative to this file) or package names. */
    plugins: z.array(z.string()).default([]),
    /** Which graders run, in order. Left out: the built-in default set. */
    graders: z.array(GraderEntrySchema).optional(),
    /** Where LLM responses are cached so a rerun makes no requests. */
    cacheDir: z.string().default('.tgrade-cache'),
    /** USD per million tokens, by model id; overrides the dated defaults. */
    prices: z.record(z.string(), PriceSchema).default({}),
    /** How many transcripts are graded at once (LLM requests are further limited per provider). */
    concurrency: z.number().int().positive().default(16),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Identity helper for `tgrade.config.ts`: type checking without importing anything else. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
