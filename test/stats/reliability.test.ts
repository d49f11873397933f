import { describe, expect, it } from 'vitest';
import { reliabilityBins } from '../../src/stats/reliability.js';

describe('reliabilityBins', () => {
  it('groups scores into equal-width bins with the observed share of positives and its exact interval', () => {
    // Bin [0, 0.5): scores 0.1, 0.2 → mean 0.15, 0 of 2 positive; bin [0.5, 1]: 0.6, 0.8, 1.0 → mean 0.8, 2 of 3.
    const bins = reliabilityBins([0.1, 0.2, 0.6, 0.8, 1], [false, false, true, false, true], 2);
    expect(bins).toHaveLength(2);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.5, n: 2, observedRate: 0 });
    expect(bins[0]?.meanScore).toBeCloseTo(0.15, 12);
    expect(bins[0]?.ci95[0]).toBe(0);
    expect(bins[0]?.ci95[1]).toBeCloseTo(0.8419, 4); // Clopper–Pearson upper bound for 0 of 2
    expect(bins[1]).toMatchObject({ lower: 0.5, upper: 1, n: 3 });
    expect(bins[1]?.meanScore).toBeCloseTo(0.8, 12);
    expect(bins[1]?.observedRate).toBeCloseTo(2 / 3, 12);
  });

  it('leaves empty bins out and puts a score of exactly 1 in the last bin', () => {
    const bins = reliabilityBins([1, 1], [true, true], 10);
    expect(bins.map((bin) => [bin.lower, bin.upper, bin.n])).toEqual([[0.9, 1, 2]]);
  });

  it('refuses scores outside [0, 1] and mismatched lengths', () => {
    expect(() => reliabilityBins([1.2], [true])).toThrow(/scores in \[0, 1\]/);
    expect(() => reliabilityBins([0.5], [])).toThrow(/one label per score/);
  });
});
