/**
 * One model fitted on some texts, its regularisation strength C chosen by an inner stratified
 * cross-validation on those texts only (the held-out texts of an outer fold never take part): the
 * C whose inner out-of-fold log loss is lowest. Log loss is a proper scoring rule, so it rewards
 * well-ranked *and* calibrated probabilities, which is what the grader's confidence reports.
 * The inner folds share the vocabulary of the texts given (refitting it per inner fold would cost
 * far more and only shifts which C looks best, not the outer figures' honesty).
 */
import { rocAuc, seededRandom } from '../stats/index.js';
import { fitLogisticRegression, predictProbabilities, type LinearWeights } from './logistic-regression.js';
import { selectRows, stackRows, type SparseRows, type SparseVector } from './sparse-rows.js';
import { splitByFold, stratifiedFolds } from './stratified-folds.js';
import { fitVocabulary, vectorizeEncoded, type EncodedCorpus, type Vocabulary } from './tfidf.js';
import type { FeatureSettings } from './text-terms.js';

export interface FitSettings {
  features: FeatureSettings;
  /** Candidate C values (inverse regularisation strength). */
  cGrid: readonly number[];
  innerFolds: number;
  /** What the inner CV minimises: out-of-fold log loss (default), or 1 − ROC AUC of label 1 (two labels only). */
  selectBy?: 'log-loss' | 'auc';
  labelCount: number;
  seed: number;
}

export interface FittedModel {
  vocabulary: Vocabulary & { columnOf: Int32Array };
  weights: LinearWeights;
  c: number;
  /** Mean inner out-of-fold log loss per C (null when C was not chosen by CV). */
  innerLogLoss: (number | null)[];
  /** Why C was not chosen by cross-validation, when it was not. */
  cNote?: string;
}

export function fitWithChosenC(corpus: EncodedCorpus, labels: Int32Array, training: readonly number[], settings: FitSettings): FittedModel {
  const vocabulary = fitVocabulary(corpus, training, settings.features);
  const vectors = training.map((item) => vectorizeEncoded(corpus.documents[item]!, vocabulary.columnOf, vocabulary.idf, settings.features));
  const rows = stackRows(vectors, vocabulary.terms.length);
  const trainingLabels = Int32Array.from(training, (item) => labels[item]!);
  const choice = chooseC(rows, vectors, trainingLabels, settings);
  const fit = fitLogisticRegression(rows, trainingLabels, settings.labelCount, { c: choice.c });
  return { vocabulary, weights: fit.model, c: choice.c, innerLogLoss: choice.logLoss, ...(choice.note === undefined ? {} : { cNote: choice.note }) };
}

function chooseC(rows: SparseRows, vectors: readonly SparseVector[], labels: Int32Array, settings: FitSettings): { c: number; logLoss: (number | null)[]; note?: string } {
  const grid = settings.cGrid;
  if (grid.length === 1) return { c: grid[0]!, logLoss: [null], note: 'a single C was given' };
  const smallest = Math.min(...Array.from({ length: settings.labelCount }, (_, label) => labels.filter((value) => value === label).length));
  const folds = Math.min(settings.innerFolds, smallest);
  const middle = grid[Math.floor(grid.length / 2)]!;
  if (folds < 2) return { c: middle, logLoss: grid.map(() => null), note: `a label has ${smallest} training item(s), too few for an inner cross-validation; C = ${middle}, the middle of the grid` };
  const foldOf = stratifiedFolds(labels, folds, seededRandom(settings.seed));
  const positions = Array.from(labels.keys());
  const loss = new Float64Array(grid.length);
  const byAuc = settings.selectBy === 'auc' && settings.labelCount === 2;
  const scores = grid.map(() => new Array<number>(labels.length).fill(0));
  for (let fold = 0; fold < folds; fold++) {
    const { training, heldOut } = splitByFold(positions, foldOf, fold);
    const foldRows = selectRows(rows, training);
    const foldLabels = Int32Array.from(training, (position) => labels[position]!);
    let previous: LinearWeights | undefined;
    // Ascending C with warm starts: each solution is a good start for the next, weaker penalty.
    grid.forEach((c, g) => {
      const fit = fitLogisticRegression(foldRows, foldLabels, settings.labelCount, { c, ...(previous === undefined ? {} : { start: previous }) });
      previous = fit.model;
      for (const position of heldOut) {
        const probabilities = predictProbabilities(fit.model, vectors[position]!);
        scores[g]![position] = probabilities[1]!;
        loss[g]! -= Math.log(Math.max(probabilities[labels[position]!]!, 1e-15));
      }
    });
  }
  if (byAuc) {
    const positives = Array.from(labels, (label) => label === 1);
    grid.forEach((_, g) => {
      const auc = rocAuc(scores[g]!, positives).value;
      loss[g] = auc === null ? Number.POSITIVE_INFINITY : labels.length * (1 - auc);
    });
  }
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (loss[g]! < loss[best]! - 1e-12) best = g;
  return { c: grid[best]!, logLoss: Array.from(loss, (total) => total / labels.length) };
}
