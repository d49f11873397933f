import { describe, expect, test } from 'vitest';
import { bootstrapInterval, cohenKappa, krippendorffAlpha, quantileOfSorted, ratingTableFromContingency, seededRandom } from '../../src/stats/index.js';

describe('seededRandom', () => {
  test('the same seed gives the same stream and different seeds differ', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  test('draws are uniform enough: the mean of 100,000 is within 0.005 of 1/2', () => {
    const random = seededRandom(42);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});

describe('bootstrapInterval', () => {
  test('quantiles interpolate like R type 7', () => {
    // R: quantile(c(1, 2, 3, 4), 0.25) = 1.75
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  test('the interval of a mean brackets the mean and is reproducible with the seed', () => {
    const data = Array.from({ length: 50 }, (_, i) => i % 10);
    const mean = (indices: Int32Array) => indices.reduce((sum, i) => sum + data[i]!, 0) / indices.length;
    const first = bootstrapInterval(data.length, mean, { seed: 3 });
    const second = bootstrapInterval(data.length, mean, { seed: 3 });
    expect(first).toEqual(second);
    expect(first.ok && first.interval[0] < 4.5 && 4.5 < first.interval[1]).toBe(true);
  });

  test('undefined resamples are skipped, counted and warned about', () => {
    let call = 0;
    const result = bootstrapInterval(10, () => (call++ % 10 === 0 ? null : call), { resamples: 100, maxUndefinedFraction: 0.2 });
    expect(result).toMatchObject({ ok: true, undefinedResamples: 10 });
    expect(result.ok && result.warning).toMatch(/undefined on 10 of 100/);
  });

  test('too many undefined resamples give no interval and say why', () => {
    const result = bootstrapInterval(10, () => null, { resamples: 50 });
    expect(result).toMatchObject({ ok: false, undefinedResamples: 50 });
    expect(!result.ok && result.reason).toMatch(/^undefined because the statistic was undefined on 50 of 50/);
  });

  test('a statistic with a bootstrap option reports its point estimate, a 95% interval and how it was made', () => {
    const table = ratingTableFromContingency([[40, 10], [5, 45]]);
    const result = krippendorffAlpha(table, { bootstrap: { resamples: 500, seed: 9 } });
    expect(result.value).toBeCloseTo(krippendorffAlpha(table).value!, 12);
    if (result.value === null) throw new Error(result.reason);
    expect(result.ci95[0]).toBeLessThan(result.value);
    expect(result.ci95[1]).toBeGreaterThan(result.value);
    expect(result.interval).toEqual({ method: 'bootstrap-percentile', resamples: 500, undefinedResamples: 0, seed: 9 });
  });

  test('a point estimate whose resamples are mostly undefined keeps the estimate but gives no interval', () => {
    // 1 disagreeing item among 3 identical ones: most resamples contain a single label, where α is undefined.
    const table = ratingTableFromContingency([[3, 1], [0, 0]]);
    const result = krippendorffAlpha(table, { bootstrap: { resamples: 200, seed: 1 } });
    expect(result.value).toBeNull();
    expect(result).toMatchObject({ pointEstimate: krippendorffAlpha(table).value });
  });
});

describe('when a bootstrap interval is given at all (bench/kappa-rare-class-coverage.ts measured the rule)', () => {
  const agreeing = (items: number, positives: number) =>
    ratingTableFromContingency([
      [positives, 0],
      [0, items - positives],
    ]);

  test("Cohen's κ on 7 items gets no interval: too few items, with n stated and the point estimate kept", () => {
    const kappa = cohenKappa(agreeing(7, 3), { bootstrap: { resamples: 200, seed: 1 } });
    expect(kappa).toMatchObject({ value: null, pointEstimate: 1 });
    expect(kappa.value === null && kappa.reason).toMatch(/^undefined because too few items \(n = 7; a bootstrap interval needs at least 10/);
  });

  test("Cohen's κ with a 3% class at n = 50 (the rare label on 2 items) gets no interval", () => {
    // A resample misses both rare items with probability (48/50)^50 ≈ 13%: within the old 20% cut-off, above the 1% one.
    const table = ratingTableFromContingency([
      [2, 1],
      [0, 47],
    ]);
    const kappa = cohenKappa(table, { bootstrap: { resamples: 1000, seed: 1 } });
    expect(kappa.value).toBeNull();
    expect(kappa.value === null && kappa.reason).toMatch(/undefined on \d+ of 1000 bootstrap resamples \(more than 1%\)/);
    expect(kappa.value === null && kappa.pointEstimate).toBeCloseTo(cohenKappa(table).value!, 12);
  });

  test('a bootstrap distribution of one value gives no interval rather than a point', () => {
    const result = bootstrapInterval(30, () => 1, { resamples: 100 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/every bootstrap resample gave the same value \(1\)/);
  });
});
