/**
 * Repeated stratified k-fold cross-validation of the whole training procedure (vocabulary, idf,
 * the inner choice of C and the fit all happen inside each training fold), so every item's score
 * comes from a model that never saw it. The out-of-fold probabilities of each repeat are kept; an
 * item's recorded score is their mean over repeats.
 */
import { seededRandom } from '../stats/index.js';
import { fitWithChosenC, type FitSettings } from './fit-with-chosen-c.js';
import { predictProbabilities } from './logistic-regression.js';
import { splitByFold, stratifiedFolds } from './stratified-folds.js';
import { vectorizeEncoded, type EncodedCorpus } from './tfidf.js';

export interface CrossValidationSettings extends FitSettings {
  folds: number;
  repeats: number;
  /** C chosen once for all folds (by inner CV on all items) instead of inside each training fold. */
  fixedC?: number;
}

export interface CrossValidationRun {
  /** [repeat][item] → probability per label. */
  outOfFold: Float64Array[][];
  /** C chosen in each outer training fold. */
  chosenC: number[];
}

export function crossValidate(
  corpus: EncodedCorpus,
  labels: Int32Array,
  settings: CrossValidationSettings,
  onFold?: (done: number, total: number) => void,
): CrossValidationRun {
  const random = seededRandom(settings.seed);
  const items = Array.from(labels.keys());
  const outOfFold: Float64Array[][] = [];
  const chosenC: number[] = [];
  const total = settings.folds * settings.repeats;
  for (let repeat = 0; repeat < settings.repeats; repeat++) {
    const foldOf = stratifiedFolds(labels, settings.folds, random);
    const scores: Float64Array[] = items.map(() => new Float64Array(settings.labelCount));
    for (let fold = 0; fold < settings.folds; fold++) {
      const { training, heldOut } = splitByFold(items, foldOf, fold);
      const fitted = fitWithChosenC(corpus, labels, training, {
        ...settings,
        ...(settings.fixedC === undefined ? {} : { cGrid: [settings.fixedC] }),
        seed: settings.seed + 1000 * (repeat + 1) + fold,
      });
      chosenC.push(fitted.c);
      for (const item of heldOut) {
        const vector = vectorizeEncoded(corpus.documents[item]!, fitted.vocabulary.columnOf, fitted.vocabulary.idf, settings.features);
        scores[item] = Float64Array.from(predictProbabilities(fitted.weights, vector));
      }
      onFold?.(repeat * settings.folds + fold + 1, total);
    }
    outOfFold.push(scores);
  }
  return { outOfFold, chosenC };
}

/** Each item's out-of-fold probabilities averaged over the repeats. */
export function meanOverRepeats(run: CrossValidationRun): number[][] {
  const repeats = run.outOfFold.length;
  return run.outOfFold[0]!.map((_, item) => {
    const mean = new Array<number>(run.outOfFold[0]![item]!.length).fill(0);
    for (const scores of run.outOfFold) scores[item]!.forEach((p, k) => (mean[k]! += p / repeats));
    return mean;
  });
}
