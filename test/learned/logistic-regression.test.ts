import { describe, expect, test } from 'vitest';
import { fitLogisticRegression, predictProbabilities } from '../../src/learned/logistic-regression.js';
import { stackRows } from '../../src/learned/sparse-rows.js';
import { bisect, sigmoid } from './corpus.js';

const unit = (column: number) => ({ columns: Int32Array.of(column), values: Float64Array.of(1) });
const tight = { gradientTolerance: 1e-12, valueTolerance: 0 };

describe('fitLogisticRegression', () => {
  test('two labels: matches the closed-form optimum of two opposite one-feature items', () => {
    // Items e₁ (label 1) and e₂ (label 0). By symmetry w = (a, −a), b = 0, and the gradient of
    // ½‖w‖² + C Σ loss vanishes where a = C·σ(−a).
    const rows = stackRows([unit(0), unit(1)], 2);
    for (const c of [0.5, 1, 10]) {
      const a = bisect((x) => x - c * sigmoid(-x), 0, 50);
      const { model } = fitLogisticRegression(rows, Int32Array.of(1, 0), 2, { c, ...tight });
      expect(model.weights[0]![0]).toBeCloseTo(a, 7);
      expect(model.weights[0]![1]).toBeCloseTo(-a, 7);
      expect(model.intercepts[0]).toBeCloseTo(0, 7);
      expect(predictProbabilities(model, unit(0))[1]).toBeCloseTo(sigmoid(a), 7);
    }
  });

  test('three labels: matches the closed-form optimum of the symmetric multinomial problem', () => {
    // Items e_k with label k. By symmetry W_kk = α, W_kj = −α/2, and the gradient vanishes where
    // α = C·(1 − p) with p = e^α / (e^α + 2e^{−α/2}), i.e. α = 2C / (e^{3α/2} + 2).
    const rows = stackRows([unit(0), unit(1), unit(2)], 3);
    const c = 2;
    const alpha = bisect((x) => x - (2 * c) / (Math.exp(1.5 * x) + 2), 0, 50);
    const { model } = fitLogisticRegression(rows, Int32Array.of(0, 1, 2), 3, { c, ...tight });
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 3; j++) expect(model.weights[k]![j]).toBeCloseTo(k === j ? alpha : -alpha / 2, 6);
    }
    const p = Math.exp(alpha) / (Math.exp(alpha) + 2 * Math.exp(-alpha / 2));
    expect(predictProbabilities(model, unit(1))).toEqual([expect.closeTo((1 - p) / 2, 6), expect.closeTo(p, 6), expect.closeTo((1 - p) / 2, 6)]);
  });

  test('a warm start reaches the same optimum as a cold one', () => {
    const rows = stackRows([unit(0), unit(1), { columns: Int32Array.of(0, 1), values: Float64Array.of(0.6, 0.8) }], 2);
    const labels = Int32Array.of(1, 0, 1);
    const cold = fitLogisticRegression(rows, labels, 2, { c: 10, ...tight }).model;
    const start = fitLogisticRegression(rows, labels, 2, { c: 1, ...tight }).model;
    const warm = fitLogisticRegression(rows, labels, 2, { c: 10, start, ...tight }).model;
    expect(Array.from(warm.weights[0]!)).toEqual(Array.from(cold.weights[0]!).map((w) => expect.closeTo(w, 6)));
  });
});
