/**
 * The provider SDKs, imported on a client's first request rather than with the library. A run with
 * only offline graders never needs them, and the two together hold ~7 MB of live heap, which V8
 * multiplies into old-generation headroom on a long run (peak RSS grew with the input because of it).
 */
import type { ClientOptions as AnthropicOptions } from '@anthropic-ai/sdk';
import type AnthropicClient from '@anthropic-ai/sdk';
import type { ClientOptions as OpenAIOptions } from 'openai';
import type OpenAIClient from 'openai';

/** A client built on first use; every caller after that gets the same one. */
type LazyClient<Client> = () => Promise<Client>;

export function lazyAnthropicClient(options: AnthropicOptions): LazyClient<AnthropicClient> {
  return once(async () => {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    return new Anthropic(options);
  });
}

export function lazyOpenAIClient(options: OpenAIOptions): LazyClient<OpenAIClient> {
  return once(async () => {
    const { default: OpenAI } = await import('openai');
    return new OpenAI(options);
  });
}

/** The OpenAI SDK's `toFile`, for the batch upload. */
export async function openAIToFile(...args: Parameters<typeof import('openai').toFile>): ReturnType<typeof import('openai').toFile> {
  const { toFile } = await import('openai');
  return toFile(...args);
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
