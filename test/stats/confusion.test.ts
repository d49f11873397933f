import { describe, expect, test } from 'vitest';
import { clopperPearson, confusionMatrix, confusionReport, type LabelPairs } from '../../src/stats/index.js';

/** Reference/predicted arrays for a 2 × 2 table with positives "faking" and negatives "aligned". */
function binaryPairs(tp: number, fn: number, fp: number, tn: number): LabelPairs {
  const repeat = (n: number, reference: string, predicted: string) => Array.from({ length: n }, () => [reference, predicted] as const);
  const pairs = [...repeat(tp, 'faking', 'faking'), ...repeat(fn, 'faking', 'aligned'), ...repeat(fp, 'aligned', 'faking'), ...repeat(tn, 'aligned', 'aligned')];
  return { reference: pairs.map(([r]) => r), predicted: pairs.map(([, p]) => p) };
}

describe('confusionReport', () => {
  // Alignment-faking gold set (Hughes et al. 2025): 51 positives, 55 negatives, n = 106.
  test('the original alignment-faking classifier (8 FP, 31 FN) has κ = 1384/5518 ≈ 0.2508', () => {
    // TP = 20, FN = 31, FP = 8, TN = 47. p_o = 67/106.
    // Reference 51 pos / 55 neg; predicted 28 pos / 78 neg: p_e = (51·28 + 55·78)/106² = 5718/11236.
    // κ = (67·106 − 5718)/(11236 − 5718) = 1384/5518 = 0.250816.
    const report = confusionReport(binaryPairs(20, 31, 8, 47));
    expect(report.kappa.value).toBeCloseTo(1384 / 5518, 12);
    expect(report.kappa.value).toBeCloseTo(0.2508, 4);
  });

  test('the improved classifier (1 FP, 17 FN) has κ = 3638/5546 ≈ 0.6560', () => {
    // TP = 34, FN = 17, FP = 1, TN = 54. p_o = 88/106.
    // Predicted 35 pos / 71 neg: p_e = (51·35 + 55·71)/11236 = 5690/11236.
    // κ = (88·106 − 5690)/(11236 − 5690) = 3638/5546 = 0.655968.
    const report = confusionReport(binaryPairs(34, 17, 1, 54));
    expect(report.kappa.value).toBeCloseTo(3638 / 5546, 12);
    expect(report.kappa.value).toBeCloseTo(0.656, 3);
  });

  test('per-class precision and recall carry exact Clopper–Pearson intervals', () => {
    const report = confusionReport(binaryPairs(34, 17, 1, 54));
    const faking = report.classes.find(({ label }) => label === 'faking')!;
    expect(faking).toMatchObject({ support: 51, predictedCount: 35, truePositives: 34 });
    expect(faking.precision.value).toBeCloseTo(34 / 35, 12);
    expect(faking.recall.value).toBeCloseTo(34 / 51, 12);
    const { lower, upper } = clopperPearson(34, 51);
    expect(faking.recall.value !== null && faking.recall.ci95).toEqual([lower, upper]);
    // F1 = 2·34/(2·34 + 1 + 17) = 68/86
    expect(faking.f1.value).toBeCloseTo(68 / 86, 12);
  });

  test('accuracy is a proportion with an exact interval', () => {
    const report = confusionReport(binaryPairs(20, 31, 8, 47));
    expect(report.accuracy.value).toBeCloseTo(67 / 106, 12);
    expect(report.accuracy.value !== null && report.accuracy.interval).toEqual({ method: 'clopper-pearson', successes: 67, trials: 106 });
  });

  test('macro-F1 averages the per-class F1', () => {
    // faking F1 = 40/(40 + 39) = 40/79; aligned F1 = 94/(94 + 39) = 94/133.
    const report = confusionReport(binaryPairs(20, 31, 8, 47));
    expect(report.macroF1.value).toBeCloseTo((40 / 79 + 94 / 133) / 2, 12);
  });

  test('pairs with a null side are skipped and counted', () => {
    const matrix = confusionMatrix({ reference: ['a', null, 'b', 'b'], predicted: ['a', 'a', null, 'a'] });
    expect(matrix).toEqual({ labels: ['a', 'b'], matrix: [[1, 0], [1, 0]], compared: 2, skipped: 2 });
  });

  test('precision of a label the grader never predicts is undefined, not 0', () => {
    const report = confusionReport({ reference: ['a', 'b'], predicted: ['a', 'a'] });
    const b = report.classes[1]!;
    expect(b.precision.value).toBeNull();
    expect(b.recall.value).toBe(0);
  });

  test('with a bootstrap option κ, F1 and macro-F1 carry percentile intervals', () => {
    const report = confusionReport(binaryPairs(34, 17, 1, 54), { bootstrap: { resamples: 300, seed: 2 } });
    for (const statistic of [report.kappa, report.macroF1, report.classes[0]!.f1]) {
      if (statistic.value === null) throw new Error(statistic.reason);
      expect(statistic.ci95[0]).toBeLessThan(statistic.value);
      expect(statistic.ci95[1]).toBeGreaterThan(statistic.value);
    }
  });

  test('a predicted label outside the given label set is an error', () => {
    expect(() => confusionReport({ reference: ['a'], predicted: ['c'] }, { labels: ['a', 'b'] })).toThrow(/predicted label "c"/);
  });
});
