import { describe, expect, test } from 'vitest';
import { betaQuantile, clopperPearson, regularizedIncompleteBeta } from '../../src/stats/index.js';

describe('clopperPearson', () => {
  test('3 of 40 gives the published exact interval 1.57%–20.39% (R binom.test)', () => {
    const { lower, upper } = clopperPearson(3, 40);
    expect(lower).toBeCloseTo(0.01574218, 7);
    expect(upper).toBeCloseTo(0.20386475, 7);
  });

  test('0 of 10 has lower bound 0 and upper bound 1 − 0.025^(1/10) = 0.3084971', () => {
    const { lower, upper } = clopperPearson(0, 10);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo(1 - Math.pow(0.025, 1 / 10), 12);
    expect(upper).toBeCloseTo(0.3084971, 7);
  });

  test('n of n mirrors 0 of n', () => {
    const { lower, upper } = clopperPearson(10, 10);
    expect(upper).toBe(1);
    expect(lower).toBeCloseTo(Math.pow(0.025, 1 / 10), 12);
  });

  test('7 of 32768 is a narrow interval around 2.1e-4 that still satisfies the tail equations', () => {
    const { lower, upper } = clopperPearson(7, 32768);
    expect(lower).toBeGreaterThan(0);
    expect(lower).toBeLessThan(7 / 32768);
    expect(upper).toBeGreaterThan(7 / 32768);
    // P(X ≥ 7 | p = lower) = I_lower(7, 32762) = 0.025 and P(X ≤ 7 | p = upper) = 1 − I_upper(8, 32761) = 0.025.
    expect(regularizedIncompleteBeta(lower, 7, 32762)).toBeCloseTo(0.025, 9);
    expect(1 - regularizedIncompleteBeta(upper, 8, 32761)).toBeCloseTo(0.025, 9);
    expect(lower).toBeCloseTo(8.589e-5, 8);
    expect(upper).toBeCloseTo(4.401e-4, 7);
  });

  test('zero trials return the uninformative interval [0, 1] instead of throwing', () => {
    expect(clopperPearson(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  test('impossible counts throw a RangeError', () => {
    expect(() => clopperPearson(5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(-1, 4)).toThrow(RangeError);
    expect(() => clopperPearson(1.5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(1, 4, 1)).toThrow(RangeError);
  });

  test('a 99% interval contains the 95% one', () => {
    const wide = clopperPearson(50, 100, 0.99);
    const narrow = clopperPearson(50, 100, 0.95);
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });
});

describe('beta distribution', () => {
  test('I_x(1, 1) is the uniform CDF x', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
  });

  test('I_x(2, 3) matches its closed form 1 − (1−x)^3 (1 + 3x)', () => {
    // Beta(2,3) CDF = 6x² − 8x³ + 3x⁴ = 1 − (1−x)³(1+3x).
    const x = 0.37;
    expect(regularizedIncompleteBeta(x, 2, 3)).toBeCloseTo(1 - Math.pow(1 - x, 3) * (1 + 3 * x), 13);
  });

  test('the quantile inverts the CDF', () => {
    const x = betaQuantile(0.9, 4.5, 12);
    expect(regularizedIncompleteBeta(x, 4.5, 12)).toBeCloseTo(0.9, 12);
  });
});
