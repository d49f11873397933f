import type { Setup } from '../config/setup.js';
import { describeError } from '../errors.js';
import type { LlmForInstance } from '../grading/run-label.js';
import { createLlmFactory } from '../providers/llm-for-instance.js';
import type { CliIO } from './io.js';

/** The LLM access every grading command builds the same way: the run's signal, retries reported on stderr. */
export function cliLlmFactory(setup: Setup, io: CliIO, options: { signal: AbortSignal; noCache: boolean; say?: (text: string) => void }): LlmForInstance {
  const say = options.say ?? ((text: string) => io.stderr(text));
  return createLlmFactory({
    config: setup.config,
    baseDir: setup.baseDir,
    env: io.env,
    noCache: options.noCache,
    hooks: {
      signal: options.signal,
      onRetry: (retry) => say(`tgrade: ${retry.provider}/${retry.model}: ${describeError(retry.error)}; retry ${retry.attempt} in ${Math.round(retry.delayMs / 100) / 10}s\n`),
    },
  });
}
