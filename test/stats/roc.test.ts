import { describe, expect, test } from 'vitest';
import { lowestThresholdForPrecision, rocAuc, rocCurve, thresholdMaximizingKappa } from '../../src/stats/index.js';
import { readFixtureJson } from './fixture-data.js';

const scores = [0.9, 0.8, 0.7, 0.6];
const positives = [true, false, true, false];

describe('rocAuc', () => {
  test('is the share of positive–negative pairs ranked correctly', () => {
    // positives 0.9, 0.7; negatives 0.8, 0.6: 0.9>0.8, 0.9>0.6, 0.7<0.8, 0.7>0.6 → 3/4
    expect(rocAuc(scores, positives).value).toBe(0.75);
  });

  test('counts a tie as half a pair', () => {
    expect(rocAuc([0.5, 0.5, 0.2], [true, false, false]).value).toBe(0.75);
  });

  test('equals the trapezoidal area under the ROC curve', () => {
    const s = [0.1, 0.4, 0.4, 0.35, 0.8, 0.8, 0.2, 0.9];
    const p = [false, true, false, true, true, false, false, true];
    const points = rocCurve(s, p);
    let area = 0;
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      area += ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
    }
    expect(rocAuc(s, p).value).toBeCloseTo(area, 12);
  });

  test('is undefined without both classes', () => {
    expect(rocAuc([0.2, 0.4], [true, true]).value).toBeNull();
  });

  test('reproduces the published AUROC 0.5854 of the probe on the alignment-faking gold set', () => {
    const gold = readFixtureJson<{ samples: { text: string; label: string }[] }>('alignment-faking-gold-106/alignment-faking-gold-106.json').samples;
    const probe = readFixtureJson<{ predictions: { sample_idx: number; af_probability: number; text_preview: string }[] }>(
      'alignment-faking-gold-106/alignment-faking-gold-106-probe-predictions.json',
    ).predictions;
    expect(probe).toHaveLength(gold.length);
    // Items are matched by sample_idx; the preview confirms the index points at the same transcript.
    for (const { sample_idx, text_preview } of probe) expect(gold[sample_idx]!.text.startsWith(text_preview.slice(0, 80))).toBe(true);
    const auc = rocAuc(
      probe.map((p) => p.af_probability),
      probe.map((p) => gold[p.sample_idx]!.label === 'potential_faking'),
    );
    expect(auc.value).toBeCloseTo(0.5854, 4);
    expect(auc.value).toBeCloseTo(0.5853832442067737, 12);
  });

  test('with a bootstrap option the AUC carries a percentile interval', () => {
    const result = rocAuc([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], [false, false, true, false, false, true, false, true, true, true], {
      bootstrap: { resamples: 300, seed: 5 },
    });
    if (result.value === null) throw new Error(result.reason);
    expect(result.ci95[0]).toBeLessThan(result.value);
    expect(result.ci95[1]).toBeLessThanOrEqual(1);
  });
});

describe('ROC thresholds', () => {
  test('the curve starts with nothing predicted positive and ends with everything', () => {
    const points = rocCurve(scores, positives);
    expect(points.map((p) => p.threshold)).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6]);
    expect(points[0]).toMatchObject({ truePositiveRate: 0, falsePositiveRate: 0, precision: null });
    expect(points.at(-1)).toMatchObject({ truePositiveRate: 1, falsePositiveRate: 1, precision: 0.5 });
  });

  test('the κ-maximizing threshold is the highest of equally good ones', () => {
    // κ by threshold: ∞ 0, 0.9 0.5, 0.8 0, 0.7 0.5, 0.6 0 (each 2 × 2 has p_e = .5).
    expect(thresholdMaximizingKappa(scores, positives)).toMatchObject({ threshold: 0.9, kappa: 0.5 });
  });

  test('the lowest threshold reaching a precision target maximizes recall', () => {
    // precision by threshold: 0.9 → 1, 0.8 → 1/2, 0.7 → 2/3, 0.6 → 1/2
    expect(lowestThresholdForPrecision(scores, positives, 0.6)).toMatchObject({ threshold: 0.7, truePositives: 2 });
    expect(lowestThresholdForPrecision(scores, positives, 1)).toMatchObject({ threshold: 0.9 });
    expect(lowestThresholdForPrecision([0.5, 0.4], [false, false], 0.5)).toBeNull();
  });

  test('non-finite scores are rejected', () => {
    expect(() => rocAuc([Number.NaN], [true])).toThrow(/not a finite number/);
  });
});
