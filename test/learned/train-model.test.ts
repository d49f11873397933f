import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { gateRecall } from '../../src/learned/gate-recall.js';
import { trainModel } from '../../src/learned/train-model.js';
import { bisect, item, sigmoid, tamperingCorpus, trainOptions } from './corpus.js';

function trainingError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isTgradeError(error, 'E_TRAINING_DATA')) return error.message;
    throw error;
  }
  throw new Error('expected E_TRAINING_DATA');
}

describe('trainModel on a hand-checkable corpus', () => {
  // Two texts "yes" (positive) and two "no" (negative); one-word features, so every text is a unit
  // vector on its word and the optimum is known in closed form (see logistic-regression.test.ts).
  const corpus = [item('y1', 'positive', 'yes'), item('n1', 'negative', 'no'), item('y2', 'positive', 'yes'), item('n2', 'negative', 'no')];

  test('the final weights are ±a with a = 2C·σ(−a) (two items of each word, C = 1)', () => {
    const model = trainModel(corpus, trainOptions());
    const a = bisect((x) => x - 2 * sigmoid(-x), 0, 50);
    expect(model.vocabulary.terms).toEqual(['w:no', 'w:yes']);
    expect(model.rubric.labels).toEqual(['negative', 'positive']);
    expect(model.weights.rows[0]).toEqual([expect.closeTo(-a, 3), expect.closeTo(a, 3)]);
    expect(model.weights.intercepts[0]).toBeCloseTo(0, 3);
  });

  test("each item's out-of-fold probability comes from a model trained on one item of each word: σ(a′) with a′ = σ(−a′)", () => {
    const model = trainModel(corpus, trainOptions());
    const heldOutA = bisect((x) => x - sigmoid(-x), 0, 50);
    const expected = sigmoid(heldOutA);
    expect(model.training.items.map((entry) => entry.id)).toEqual(['y1', 'n1', 'y2', 'n2']);
    model.crossValidation.outOfFold.forEach((probabilities, index) => {
      const positive = model.training.items[index]!.label === 'positive';
      expect(probabilities[1]).toBeCloseTo(positive ? expected : 1 - expected, 3);
    });
    expect(model.crossValidation.rocAuc.value).toBe(1);
  });

  test('as a gate, recall and items passed follow from the out-of-fold scores (0.599 for positives, 0.401 for negatives)', () => {
    const model = trainModel(corpus, trainOptions());
    expect(gateRecall(model, [0.3, 0.5, 0.7])).toEqual([
      { threshold: 0.3, recall: 1, recallCi95: [expect.closeTo(0.158, 3), 1], positives: [2, 2], passed: 1 },
      { threshold: 0.5, recall: 1, recallCi95: [expect.closeTo(0.158, 3), 1], positives: [2, 2], passed: 0.5 },
      { threshold: 0.7, recall: 0, recallCi95: [0, expect.closeTo(0.842, 3)], positives: [0, 2], passed: 0 },
    ]);
  });
});

describe('trainModel', () => {
  test('is deterministic for a seed', () => {
    const options = trainOptions({ features: {}, cGrid: [0.1, 1, 10], folds: 3, repeats: 2, seed: 7 });
    expect(JSON.stringify(trainModel(tamperingCorpus(), options))).toBe(JSON.stringify(trainModel(tamperingCorpus(), options)));
  });

  test('records the training items, their label counts, the data hash and one out-of-fold row per item', () => {
    const model = trainModel(tamperingCorpus(), trainOptions({ features: {}, folds: 3 }));
    expect(model.training.labelCounts).toEqual({ negative: 6, positive: 6 });
    expect(model.training.items).toHaveLength(12);
    expect(model.training.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.crossValidation.outOfFold).toHaveLength(12);
  });

  test('from nestedCLimit items on, chooses C once and reuses it in every fold, and records that', () => {
    const model = trainModel(tamperingCorpus(), trainOptions({ features: {}, cGrid: [0.1, 10], folds: 3, nestedCLimit: 10 }));
    expect(model.crossValidation.cSelection).toBe('once');
    expect(model.crossValidation.chosenC).toEqual({ [String(model.weights.c)]: 3 });
  });

  test('refuses a single label, naming the file and what to do', () => {
    const message = trainingError(() => trainModel([item('a', 'positive', 'x'), item('b', 'positive', 'y')], trainOptions()));
    expect(message).toMatch(/^corpus\.jsonl: every one of the 2 item\(s\) has the label "positive"; .*add items of another label/);
  });

  test('refuses a label with fewer than 2 items, because no fold could hold it out', () => {
    const message = trainingError(() => trainModel([item('a', 'positive', 'x'), item('b', 'positive', 'y'), item('c', 'negative', 'z')], trainOptions()));
    expect(message).toContain('corpus.jsonl: label(s) "negative" (1 item) have fewer than 2 items');
  });

  test('refuses items with no text in the parts the rubric reads, naming where they came from', () => {
    const message = trainingError(() => trainModel([...tamperingCorpus(4), item('blank', 'negative', '  \n')], trainOptions()));
    expect(message).toContain('1 item(s) have no text in the parts the rubric reads: corpus:blank (blank)');
  });

  test('refuses labels the rubric does not have', () => {
    const message = trainingError(() => trainModel([...tamperingCorpus(4), item('odd', 'maybe', 'text')], trainOptions()));
    expect(message).toContain('label(s) maybe are not in the rubric');
  });

  test('trains a label with fewer than 10 items, with a warning that its figures are unreliable', () => {
    const model = trainModel(tamperingCorpus(8), trainOptions({ features: {} }));
    expect(model.training.warnings).toContain('label "positive" has only 4 items (fewer than 10): its cross-validation figures are unreliable');
  });

  test('says so when the model predicts one label for every item', () => {
    // Identical texts: nothing to learn, every out-of-fold prediction is the majority label.
    const corpus = [...Array.from({ length: 6 }, (_, i) => item(`n${i}`, 'negative', 'same words')), ...Array.from({ length: 3 }, (_, i) => item(`p${i}`, 'positive', 'same words'))];
    const model = trainModel(corpus, trainOptions({ features: { ...trainOptions().features, minDocumentFrequency: 1 }, folds: 3 }));
    expect(model.training.warnings.some((warning) => warning.startsWith('in cross-validation the model predicts "negative" for every item'))).toBe(true);
  });
});
