/**
 * Default prices in USD per million tokens, for cost estimates in reports. Prices as listed by the
 * providers on 2026-11-27 (platform.claude.com/docs/en/about-claude/pricing and
 * developers.openai.com/api/docs/pricing, read from stored copies of those pages, not live): they
 * change, so override them in config rather than trusting these.
 *
 * - `cacheWrite` is Anthropic's 5-minute cache write (what `cache_control: {type:'ephemeral'}` buys).
 *   OpenAI caches automatically and bills no write, so its `cacheWrite` equals `input`.
 * - OpenAI rows are the standard short-context tier; prompts beyond the long-context threshold cost more.
 * - `batchFactor` multiplies the whole cost for Message Batches / Batch API jobs (both: 50% off).
 */
import type { TokenUsage } from './types.js';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  batchFactor: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

const claude = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead: input * 0.1,
  cacheWrite: input * 1.25,
  batchFactor: 0.5,
});

const openai = (input: number, cachedInput: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead: cachedInput,
  cacheWrite: input,
  batchFactor: 0.5,
});

export const DEFAULT_PRICES: PriceTable = {
  'claude-opus-5': claude(5, 25),
  'claude-opus-4-8': claude(5, 25),
  'claude-opus-4-7': claude(5, 25),
  'claude-opus-4-6': claude(5, 25),
  'claude-opus-4-5': claude(5, 25),
  'claude-sonnet-5': claude(2, 10),
  'claude-sonnet-4-6': claude(3, 15),
  'claude-sonnet-4-5': claude(3, 15),
  'claude-haiku-4-5': claude(1, 5),
  'gpt-5.5': openai(5, 0.5, 30),
  'gpt-5.4': openai(2.5, 0.25, 15),
  'gpt-5.4-mini': openai(0.75, 0.075, 4.5),
  'gpt-5.4-nano': openai(0.2, 0.02, 1.25),
  'gpt-4.1': openai(2, 0.5, 8),
  'gpt-4.1-mini': openai(0.4, 0.1, 1.6),
};

// Dated snapshots share their alias's price: claude-haiku-4-5-20251001, gpt-4.1-2025-04-14.
const SNAPSHOT_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  return table[model] ?? table[model.replace(SNAPSHOT_SUFFIX, '')];
}

/** USD for one response's usage, or null when the model has no price (so a report can say "unknown"). */
export function estimateCost(
  model: string,
  usage: TokenUsage,
  options: { batch?: boolean } = {},
  table: PriceTable = DEFAULT_PRICES,
): number | null {
  const price = priceFor(model, table);
  if (!price) return null;
  const perMillion =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * price.cacheRead +
    usage.cacheWriteTokens * price.cacheWrite;
  return (perMillion / 1_000_000) * (options.batch ? price.batchFactor : 1);
}
