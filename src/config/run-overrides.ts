import { TgradeError } from '../errors.js';
import { LlmSettingsSchema, type LlmSettings } from '../providers/llm-settings.js';
import type { GraderInstance } from '../grading/grader-instance.js';
import type { Config } from './schema.js';

/** What the command line may change for one run, over the config file. */
export interface RunOverrides {
  /** `provider/model`, split at the first `/` (so `openai-compatible/Qwen/Qwen2.5-7B` works). */
  model?: string;
  /** Transcripts graded at once. */
  concurrency?: number;
}

const PROVIDERS = LlmSettingsSchema.shape.provider.options;

export function parseModelOption(value: string): { provider: LlmSettings['provider']; model: string } {
  const slash = value.indexOf('/');
  const provider = slash === -1 ? value : value.slice(0, slash);
  const model = slash === -1 ? '' : value.slice(slash + 1);
  if (!(PROVIDERS as readonly string[]).includes(provider) || model === '') {
    throw new TgradeError('E_CONFIG_INVALID', `--model ${value}: expected provider/model with provider one of ${PROVIDERS.join(', ')} (e.g. anthropic/claude-sonnet-4-5, openai-compatible/Qwen/Qwen2.5-7B)`);
  }
  return { provider: provider as LlmSettings['provider'], model };
}

/**
 * Applies `--model` to every LLM grader (a grader without an LLM is untouched) and `--concurrency`
 * to the run. A new provider drops the configured server URL and key variable, which belonged to
 * the old one; the same provider keeps them (a local server stays the server).
 */
export function applyRunOverrides(setup: { config: Config; instances: GraderInstance[] }, overrides: RunOverrides): void {
  if (overrides.concurrency !== undefined) setup.config.concurrency = overrides.concurrency;
  if (overrides.model === undefined) return;
  const { provider, model } = parseModelOption(overrides.model);
  for (const instance of setup.instances) {
    if (instance.llm === undefined) continue;
    const { baseURL, apiKeyEnv, ...rest } = instance.llm;
    const sameProvider = instance.llm.provider === provider;
    instance.llm = { ...rest, provider, model, ...(sameProvider && baseURL !== undefined ? { baseURL } : {}), ...(sameProvider && apiKeyEnv !== undefined ? { apiKeyEnv } : {}) };
  }
}
