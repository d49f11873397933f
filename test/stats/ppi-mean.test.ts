import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ppiMean } from '../../src/stats/ppi-mean.js';

interface PpiCase {
  id: string;
  alpha: number;
  lambdaGiven: number | null;
  Y: number[];
  Yhat: number[];
  YhatUnlabeled: number[];
  weights?: number[];
  weightsUnlabeled?: number[];
  expected: { lambda: number; estimate: number; ci: [number, number] };
}

const vectors = JSON.parse(readFileSync(new URL('../fixtures/ppi/ppi-mean-test-vectors.json', import.meta.url), 'utf8')) as { cases: PpiCase[] };

describe('ppiMean against the 37 published PPI/PPI++ vectors', () => {
  it('reads all 37 cases', () => {
    expect(vectors.cases).toHaveLength(37);
  });

  it.each(vectors.cases.map((testCase) => [testCase.id, testCase] as const))('%s: λ, estimate and interval agree to 1e-9', (_id, testCase) => {
    const result = ppiMean({
      labels: testCase.Y,
      predictions: testCase.Yhat,
      unlabeledPredictions: testCase.YhatUnlabeled,
      alpha: testCase.alpha,
      ...(testCase.weights === undefined ? {} : { weights: testCase.weights }),
      ...(testCase.weightsUnlabeled === undefined ? {} : { unlabeledWeights: testCase.weightsUnlabeled }),
      ...(testCase.lambdaGiven === null ? {} : { lambda: testCase.lambdaGiven }),
    });
    expect(Math.abs(result.lambda - testCase.expected.lambda)).toBeLessThan(1e-9);
    expect(Math.abs(result.estimate - testCase.expected.estimate)).toBeLessThan(1e-9);
    expect(Math.abs(result.ci[0] - testCase.expected.ci[0])).toBeLessThan(1e-9);
    expect(Math.abs(result.ci[1] - testCase.expected.ci[1])).toBeLessThan(1e-9);
  });
});

describe('ppiMean input checks', () => {
  it('refuses an audit with no items', () => {
    expect(() => ppiMean({ labels: [], predictions: [], unlabeledPredictions: [1] })).toThrow(/at least one audited item/);
  });

  it('refuses weights of the wrong length', () => {
    expect(() => ppiMean({ labels: [1, 0], predictions: [1, 0], unlabeledPredictions: [1], weights: [1] })).toThrow(/weights has 1 entries for 2 items/);
  });
});
