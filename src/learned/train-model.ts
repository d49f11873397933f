import { createHash } from 'node:crypto';
import type { TranscriptPart } from '../transcript/schema.js';
import { crossValidate, meanOverRepeats } from './cross-validate.js';
import { argmax, cvFigures } from './cv-figures.js';
import { fitWithChosenC } from './fit-with-chosen-c.js';
import { MODEL_FORMAT, MODEL_VERSION, vocabularySha256, type ModelFile } from './model-file.js';
import { encodeCorpus } from './tfidf.js';
import { FeatureSettingsSchema, termCounts, type FeatureSettingsInput, type TextSpan } from './text-terms.js';
import { checkTrainingItems, type TrainingItem } from './training-checks.js';

export type { TrainingItem } from './training-checks.js';

export interface TrainOptions {
  rubric: { id: string; reads: TranscriptPart[]; labels: readonly string[]; positive: readonly string[] };
  source: { path: string; kind: 'gold-set' | 'results'; grader?: string };
  features?: FeatureSettingsInput;
  cGrid?: readonly number[];
  folds?: number;
  repeats?: number;
  innerFolds?: number;
  selectBy?: 'log-loss' | 'auc';
  seed?: number;
  bootstrapResamples?: number;
  /** Warnings found while reading the data, kept in the model file. */
  warnings?: readonly string[];
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** Items from which C is chosen once rather than per fold; default NESTED_C_LIMIT. */
  nestedCLimit?: number;
}

/** Below this many items, C is chosen inside every outer training fold (nested CV). */
const NESTED_C_LIMIT = 2000;

const DEFAULT_C_GRID = [0.1, 1, 10, 100, 1000];

/**
 * `tgrade train` as a library call: checks the items (see training-checks.ts), cross-validates the
 * whole procedure (repeated stratified k-fold, C chosen inside every training fold), then fits the
 * final model on all items with C chosen the same way, and returns the model file.
 */
export function trainModel(items: readonly TrainingItem[], options: TrainOptions): ModelFile {
  const { labels, warnings } = checkTrainingItems(items, options.rubric.labels, options.source.path);
  const features = FeatureSettingsSchema.parse(options.features ?? {});
  const folds = options.folds ?? 5;
  const repeats = options.repeats ?? 10;
  const innerFolds = options.innerFolds ?? 3;
  const seed = options.seed ?? 1;
  const cGrid = [...(options.cGrid ?? DEFAULT_C_GRID)].sort((a, b) => a - b);
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const codes = Int32Array.from(items, (item) => labelIndex.get(item.label)!);
  const corpus = encodeCorpus(items.map((item) => termCounts(item.spans, features)));
  const fitSettings = { features, cGrid, innerFolds, labelCount: labels.length, seed, ...(options.selectBy === undefined ? {} : { selectBy: options.selectBy }) };

  // From NESTED_C_LIMIT items on, C is chosen once (inner CV on all items) and the outer folds reuse
  // it: picking one of a handful of C values on thousands of items biases the CV figures by next to
  // nothing, and choosing it per fold costs (inner folds × grid) fits per outer fold.
  const nested = items.length < (options.nestedCLimit ?? NESTED_C_LIMIT);
  const final = fitWithChosenC(corpus, codes, Array.from(codes.keys()), fitSettings);
  const run = crossValidate(corpus, codes, { ...fitSettings, folds, repeats, ...(nested ? {} : { fixedC: final.c }) }, options.onProgress);
  const averaged = meanOverRepeats(run);
  const positive = labels.flatMap((label, index) => (options.rubric.positive.includes(label) ? [index] : []));
  const bootstrap = { resamples: options.bootstrapResamples ?? 1000, seed };
  const figures = cvFigures(run.outOfFold, averaged, codes, labels, positive.length > 0 ? positive : [labels.length - 1], bootstrap);

  const allWarnings = [...(options.warnings ?? []), ...warnings];
  const predicted = new Set(averaged.map((p) => argmax(p)));
  if (predicted.size === 1) {
    allWarnings.push(
      `in cross-validation the model predicts "${labels[[...predicted][0]!]}" for every item: it has learned nothing beyond the base rate at the default threshold; look at its ROC AUC, add examples of the other labels, or set a threshold`,
    );
  }
  if (final.cNote !== undefined) allWarnings.push(`final model: ${final.cNote}`);
  const sha256 = vocabularySha256(final.vocabulary.terms);
  const chosenC: Record<string, number> = {};
  for (const c of run.chosenC) chosenC[String(c)] = (chosenC[String(c)] ?? 0) + 1;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    rubric: { id: options.rubric.id, reads: [...options.rubric.reads], labels, positive: labels.filter((label) => options.rubric.positive.includes(label)) },
    features,
    vocabulary: { terms: final.vocabulary.terms, idf: Array.from(final.vocabulary.idf), sha256 },
    weights: { c: final.c, vocabularySha256: sha256, rows: final.weights.weights.map((row) => Array.from(row)), intercepts: Array.from(final.weights.intercepts) },
    training: {
      source: options.source.path,
      kind: options.source.kind,
      ...(options.source.grader === undefined ? {} : { grader: options.source.grader }),
      dataSha256: trainingDataSha256(items),
      items: items.map(({ id, label }) => ({ id, label })),
      labelCounts: Object.fromEntries(labels.map((label) => [label, items.filter((item) => item.label === label).length])),
      warnings: allWarnings,
    },
    crossValidation: { folds, repeats, innerFolds, seed, cGrid, cSelection: nested ? 'per-fold' : 'once', chosenC, ...figures, bootstrap, outOfFold: averaged.map((p) => p.map((value) => Number(value.toFixed(6)))) },
  };
}

/** sha256 over each item's id, label and read text (NUL-separated), in order. */
function trainingDataSha256(items: readonly TrainingItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(`${item.id}\0${item.label}\0${item.spans.map((span) => span.text).join('\0')}\n`);
  return hash.digest('hex');
}
