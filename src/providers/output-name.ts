import { TgradeError } from '../errors.js';
import type { ProviderName } from './types.js';

/**
 * Both APIs restrict the structured-output name (Anthropic tool names, OpenAI json_schema names):
 * letters, digits, '_' and '-', at most 64 characters. Checked here so a bad rubric id fails once,
 * locally, with the fix in the message, instead of as a provider 400 per transcript.
 */
const OUTPUT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function assertOutputName(name: string, provider: ProviderName): void {
  if (OUTPUT_NAME.test(name)) return;
  throw new TgradeError(
    'E_PROVIDER_BAD_REQUEST',
    `output name "${name}" is not accepted by ${provider}: use 1–64 letters, digits, "_" or "-"`,
    { details: { provider, retryable: false } },
  );
}
