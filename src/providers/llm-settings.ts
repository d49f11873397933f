import { z } from 'zod';

/**
 * How a grader instance reaches its model (the `llm:` block of a config entry). API keys are never
 * written here: they come from the environment (`ANTHROPIC_API_KEY`, `OPENAI_API_KEY`, or the
 * variable named by `apiKeyEnv`).
 */
export const LlmSettingsSchema = z
  .object({
    provider: z.enum(['anthropic', 'openai', 'openai-compatible']),
    model: z.string().min(1),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().default(1024),
    /** Server URL; defaults to ANTHROPIC_BASE_URL / OPENAI_BASE_URL, then the provider's own. */
    baseURL: z.string().url().optional(),
    /** Name of the environment variable holding the key, when not the provider's usual one. */
    apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. MY_VLLM_KEY').optional(),
    timeoutMs: z.number().int().positive().default(120_000),
    concurrency: z.number().int().positive().default(8),
    requestsPerMinute: z.number().positive().optional(),
    retries: z.number().int().nonnegative().default(6),
  })
  .strict();
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;
