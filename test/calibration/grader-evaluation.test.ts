import { describe, expect, test } from 'vitest';
import { formatGrader } from '../../src/calibration/format-calibration.js';
import { evaluateGrader, type EvaluationInput, type Prediction } from '../../src/calibration/grader-evaluation.js';
import type { ConsensusItem } from '../../src/stats/index.js';

const LABELS = ['scheming', 'rationalizing', 'honest'];
const POSITIVE = ['scheming', 'rationalizing'];

const reference = (labels: (string | null)[]): ConsensusItem[] =>
  labels.map((label, i) => ({ item: `i${i}`, label, source: label === null ? 'tie' : 'majority', votes: label === null ? {} : { [label]: 2 } }));

const ok = (label: string, extra: Partial<Prediction> = {}): Prediction => ({ status: 'ok', label, hasConfidence: false, evidence: [], ...extra });

function evaluate(referenceLabels: (string | null)[], predictions: (Prediction | undefined)[], extra: Partial<EvaluationInput> = {}) {
  const map = new Map<string, Prediction>();
  predictions.forEach((prediction, i) => prediction !== undefined && map.set(`i${i}`, prediction));
  return evaluateGrader({ name: 'g', kind: 'grader', labels: LABELS, positive: POSITIVE, reference: reference(referenceLabels), predictions: map, bootstrap: { resamples: 200, seed: 1 }, ...extra });
}

describe('evaluateGrader', () => {
  test('counts abstentions, errors, ungraded items and ties apart and computes every figure on the labelled items', () => {
    const evaluation = evaluate(
      ['scheming', 'honest', 'honest', 'rationalizing', 'honest', null],
      [ok('scheming'), ok('honest'), { status: 'abstain', label: null, hasConfidence: false, evidence: [], reason: 'no phrase' }, { status: 'error', label: null, hasConfidence: false, evidence: [], reason: 'timeout' }, undefined, ok('honest')],
    );
    expect(evaluation.coverage).toEqual({ items: 5, labelled: 2, abstained: 1, errors: 1, notGraded: 1, share: { value: 0.4, ci95: [expect.any(Number), expect.any(Number)] }, noConsensus: 1 });
    expect(evaluation.n).toBe(2);
    expect(evaluation.accuracy).toEqual({ value: 1, ci95: [expect.closeTo(0.1581, 3), 1] });
    expect(evaluation.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(2);
  });

  test('the binary view collapses positive labels: sensitivity and specificity are exact proportions', () => {
    // Reference: 4 positive (2 scheming, 2 rationalizing), 4 honest. Grader: finds 3 of the 4 (one as the other positive label), one false alarm.
    const evaluation = evaluate(
      ['scheming', 'scheming', 'rationalizing', 'rationalizing', 'honest', 'honest', 'honest', 'honest'],
      [ok('scheming'), ok('rationalizing'), ok('rationalizing'), ok('honest'), ok('scheming'), ok('honest'), ok('honest'), ok('honest')],
    );
    expect(evaluation.binaryMatrix).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(evaluation.sensitivity.value).toBe(0.75);
    expect(evaluation.specificity.value).toBe(0.75);
    expect(evaluation.accuracy.value).toBe(5 / 8);
  });

  test('without confidences there is no ROC AUC and no threshold, with the reason', () => {
    const evaluation = evaluate(['scheming', 'honest'], [ok('scheming'), ok('honest')]);
    expect(evaluation.rocAuc).toEqual({ value: null, reason: 'undefined because the grader reports no confidence or scores, only labels' });
    expect(evaluation.threshold).toEqual({ value: null, reason: 'no threshold: the grader reports no confidence or scores, only labels' });
  });

  test('with scores it reports the AUC and the threshold maximizing κ, or the lowest reaching a target precision', () => {
    // Positive scores 0.9, 0.8, 0.4; negative 0.7, 0.3, 0.2: of 9 pairs only (0.4, 0.7) is misordered, AUC = 8/9.
    // κ is 2/3 at both 0.8 and 0.4; the higher threshold wins the tie. Precision at 0.4 is 3/4.
    const scored = (label: string, score: number) => ok(label, { score, hasConfidence: true });
    const referenceLabels = ['scheming', 'scheming', 'rationalizing', 'honest', 'honest', 'honest'];
    const predictions = [scored('scheming', 0.9), scored('scheming', 0.8), scored('honest', 0.4), scored('scheming', 0.7), scored('honest', 0.3), scored('honest', 0.2)];
    const byKappa = evaluate(referenceLabels, predictions);
    // Six items are too few for a bootstrap interval: the AUC is kept as the point estimate.
    expect(byKappa.rocAuc.value ?? byKappa.rocAuc.pointEstimate).toBeCloseTo(8 / 9, 12);
    expect(byKappa.threshold).toMatchObject({ value: 0.8, basis: 'max-kappa', matrix: [[2, 1], [0, 3]] });
    const byPrecision = evaluate(referenceLabels, predictions, { targetPrecision: 0.75 });
    expect(byPrecision.threshold).toMatchObject({ value: 0.4, basis: 'target-precision', targetPrecision: 0.75, matrix: [[3, 0], [1, 2]] });
  });

  test('lists the items where grader and consensus differ, with the grader’s evidence', () => {
    const evaluation = evaluate(['honest', 'scheming'], [ok('scheming', { evidence: ['maximize my reward'] }), ok('scheming')]);
    expect(evaluation.disagreements).toEqual([{ item: 'i0', consensus: 'honest', consensusSource: 'majority', votes: { honest: 2 }, label: 'scheming', evidence: ['maximize my reward'] }]);
  });

  test('a grader that labelled nothing gets reasons, not numbers', () => {
    const evaluation = evaluate(['scheming', 'honest'], [undefined, undefined]);
    for (const statistic of [evaluation.accuracy, evaluation.kappa, evaluation.gwetAC1, evaluation.macroF1, evaluation.sensitivity, evaluation.specificity]) {
      expect(statistic.value).toBeNull();
    }
    expect(evaluation.coverage.notGraded).toBe(2);
  });
});

describe('the text form of a grader evaluation', () => {
  test('an F1 of 1 whose interval cannot be computed prints its value and the reason, never a bare "undefined"', () => {
    // 12 items all right: precision = recall = 1; F1 = 1 on every resample, so no interval (zero width).
    const labels = [...Array(4).fill('scheming'), ...Array(8).fill('honest')] as string[];
    const evaluation = evaluate(labels, labels.map((label) => ok(label)));
    expect(evaluation.classes[0]!.f1).toMatchObject({ value: null, pointEstimate: 1 });
    const text = formatGrader(evaluation).join('\n');
    expect(text).toMatch(/^ {2}scheming +4 +4 {2}1\.00 \(0\.40–1\.00\) \/ 1\.00 \(0\.40–1\.00\) \/ 1\.00 \(no interval \[1\]\)$/m);
    expect(text).toMatch(/^ {4}\[1\] undefined because every bootstrap resample gave the same value \(1\)/m);
    expect(text).not.toMatch(/\bundefined \//);
  });

  test("Cohen's κ on 7 items reads \"1.000, no interval: too few items (n = 7; …)\", not \"1.000 (95% CI 1.000–1.000)\"", () => {
    const labels = ['scheming', 'scheming', 'rationalizing', 'honest', 'honest', 'honest', 'honest'];
    const text = formatGrader(evaluate(labels, labels.map((label) => ok(label)))).join('\n');
    expect(text).toMatch(/^ {2}Cohen's κ {3}1\.000, no interval: too few items \(n = 7; a bootstrap interval needs at least 10/m);
    expect(text).not.toContain('1.000–1.000');
  });
});
