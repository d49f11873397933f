import { describe, expect, it } from 'vitest';
import { designPpiMean } from '../../src/stats/design-ppi-mean.js';

// Two strata, hand-computed (Cochran 1977, eqs. 5.1 and 5.6):
// A: N=10, audited y = [1, 0, 1, 1] → mean .75, s² = .25;  B: N=90, audited y = [0, 0, 1, 0, 0, 0] → mean 1/6, s² = 1/6.
// ȳ_st = (10·.75 + 90/6)/100 = .225;  V = [10²·(1−4/10)·.25/4 + 90²·(1−6/90)·(1/6)/6]/100² = (3.75 + 210)/10,000 = .021375.
const strata = [
  { name: 'A', size: 10, predictionTotal: 7, audited: [1, 0, 1, 1].map((label, i) => ({ label, prediction: i === 1 ? 0 : 1 })) },
  { name: 'B', size: 90, predictionTotal: 9, audited: [0, 0, 1, 0, 0, 0].map((label) => ({ label, prediction: label })) },
];

describe('designPpiMean', () => {
  it('with λ = 0 is the stratified mean with Cochran’s variance', () => {
    const result = designPpiMean({ strata, sampling: 'stratified', lambda: 0 });
    if (result.value === null) throw new Error(result.reason);
    expect(result.value).toBeCloseTo(0.225, 12);
    expect(result.standardError ** 2).toBeCloseTo(0.021375, 12);
  });

  it('with λ = 1 adds the population predictions and subtracts the audited ones, design-weighted', () => {
    const result = designPpiMean({ strata, sampling: 'stratified', lambda: 1 });
    if (result.value === null) throw new Error(result.reason);
    // (16 + 10·(.75 − .75) + 90·(1/6 − 1/6))/100 = .16
    expect(result.value).toBeCloseTo(0.16, 12);
  });

  it('tunes λ into [0, 1] and never has a larger variance than λ = 0', () => {
    const tuned = designPpiMean({ strata, sampling: 'stratified' });
    const classical = designPpiMean({ strata, sampling: 'stratified', lambda: 0 });
    if (tuned.value === null || classical.value === null) throw new Error('undefined');
    expect(tuned.lambda).toBeGreaterThanOrEqual(0);
    expect(tuned.lambda).toBeLessThanOrEqual(1);
    expect(tuned.standardError).toBeLessThanOrEqual(classical.standardError + 1e-15);
  });

  it('says why when a sampled stratum has one audited item', () => {
    const result = designPpiMean({ strata: [{ name: 'lonely', size: 5, predictionTotal: 1, audited: [{ label: 1, prediction: 1 }] }], sampling: 'stratified' });
    expect(result).toMatchObject({ value: null, reason: expect.stringMatching(/^undefined because stratum "lonely" has 1 audited item of 5/) });
  });
});
