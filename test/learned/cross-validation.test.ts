import { describe, expect, test } from 'vitest';
import { stratifiedFolds } from '../../src/learned/stratified-folds.js';
import { trainModel } from '../../src/learned/train-model.js';
import { seededRandom } from '../../src/stats/index.js';
import { item, trainOptions } from './corpus.js';

describe('cross-validation', () => {
  test('stratified folds give every fold its share of every label', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const folds = stratifiedFolds(labels, 2, seededRandom(3));
    for (const fold of [0, 1]) {
      const members = Array.from(labels).filter((_, i) => folds[i] === fold);
      expect(members.filter((label) => label === 0)).toHaveLength(3);
      expect(members.filter((label) => label === 1)).toHaveLength(2);
    }
  });

  test('with more than two labels, reports the one-vs-rest macro ROC AUC, and why a perfect score has no bootstrap interval', () => {
    const words = ['alpha', 'beta', 'gamma'];
    const corpus = Array.from({ length: 18 }, (_, i) => item(`i${i}`, words[i % 3]!, `${words[i % 3]} text number ${i}`));
    const model = trainModel(corpus, trainOptions({ rubric: { id: 'three', reads: ['scratchpad'], labels: words, positive: ['alpha'] }, features: { wordNgrams: [1, 1], charNgrams: null }, folds: 3, cGrid: [10] }));
    expect(model.weights.rows).toHaveLength(3);
    expect(model.crossValidation.rocAuc.value).toBe(1);
    // Every resample gives 1: a zero-width interval would claim certainty the 18 items do not give.
    expect(model.crossValidation.rocAuc.ci95).toBeUndefined();
    expect(model.crossValidation.rocAuc.ciNote).toMatch(/every .*resample/);
    expect(model.crossValidation.outOfFold[0]).toHaveLength(3);
  });
});
