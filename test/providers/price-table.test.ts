import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, estimateCost, priceFor } from '../../src/providers/price-table.js';

const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };

describe('estimateCost', () => {
  it('prices every token kind for a Claude model (cache read 0.1×, 5-minute write 1.25× input)', () => {
    expect(estimateCost('claude-sonnet-4-6', usage)).toBeCloseTo(3 + 15 + 0.3 + 3.75, 10);
  });

  it('prices OpenAI cached input at its own rate', () => {
    expect(estimateCost('gpt-4.1-mini', { inputTokens: 2_000_000, outputTokens: 500_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 0 })).toBeCloseTo(
      0.8 + 0.8 + 0.1,
      10,
    );
  });

  it('halves the cost for batch jobs', () => {
    expect(estimateCost('claude-haiku-4-5', usage, { batch: true })).toBeCloseTo((1 + 5 + 0.1 + 1.25) / 2, 10);
  });

  it('prices a dated snapshot like its alias', () => {
    expect(priceFor('claude-haiku-4-5-20251001')).toBe(DEFAULT_PRICES['claude-haiku-4-5']);
    expect(priceFor('gpt-4.1-mini-2025-04-14')).toBe(DEFAULT_PRICES['gpt-4.1-mini']);
  });

  it('does not borrow a sibling model price by prefix', () => {
    expect(priceFor('gpt-5.4-pro')).toBeUndefined();
  });

  it('returns null for a model it has no price for', () => {
    expect(estimateCost('llama-3.1-8b-instruct', usage)).toBeNull();
  });

  it('uses a table given in place of the defaults', () => {
    const table = { 'my-model': { input: 1, output: 2, cacheRead: 0, cacheWrite: 0, batchFactor: 0.5 } };
    expect(estimateCost('my-model', { inputTokens: 500_000, outputTokens: 250_000, cacheReadTokens: 0, cacheWriteTokens: 0 }, {}, table)).toBeCloseTo(1, 10);
  });
});
