import { existsSync } from 'node:fs';
import { predictionsOfRatings, predictionsOfResults } from '../calibration/gold-predictions.js';
import { sortGoldRatings } from '../calibration/gold-ratings.js';
import { goldReference } from '../calibration/gold-reference.js';
import { loadGoldSetSpec } from '../calibration/gold-set.js';
import { evaluateGrader, type GraderEvaluation, type Prediction } from '../calibration/grader-evaluation.js';
import { quoted } from '../quote-input.js';
import { describeRatingsHistory, readRatingsFile } from '../calibration/ratings-file.js';
import { TgradeError } from '../errors.js';
import type { ResultRecord } from '../grading/verdict.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import { reliabilityBins, rocCurve, type ConsensusItem, type ReliabilityBin, type RocPoint } from '../stats/index.js';

/**
 * The report's calibration section: the graders of a results file measured against a gold set's
 * reference consensus, without running anything (the verdicts are those already in the file).
 * The measuring is the calibration module's (`evaluateGrader`, the same reference raters and
 * consensus rule as `tgrade calibrate`); this file only feeds it and adds the ROC curve points a
 * plot needs, which a calibration profile does not keep.
 */
export interface CalibratedGrader {
  evaluation: GraderEvaluation;
  /** Empirical ROC curve of the positive-label score; null without scores or a binary view. */
  roc: RocPoint[] | null;
  /** Reliability bins of the same scores (ten equal-width bins); null when there is no ROC curve. */
  reliability: ReliabilityBin[] | null;
}

export interface GoldCalibration {
  folder: string;
  rubric: string;
  description: string | null;
  synthetic: boolean;
  labels: string[];
  positive: string[];
  referenceRaters: { name: string; kind: 'human' | 'illustrative' }[];
  /** item → consensus, for every transcript of the gold set. */
  consensus: Map<string, ConsensusItem>;
  graders: CalibratedGrader[];
  warnings: string[];
}

export interface GoldCalibrationInput {
  folder: string;
  /** grader → item → final record (readFinalResults). */
  results: ReadonlyMap<string, ReadonlyMap<string, ResultRecord>>;
  /** Ids of the gold set's transcripts, in file order. */
  itemIds: readonly string[];
  rubrics: ReadonlyMap<string, Rubric>;
  resamples?: number;
  seed?: number;
}

export async function goldCalibration(input: GoldCalibrationInput): Promise<GoldCalibration> {
  const { spec, paths } = await loadGoldSetSpec(input.folder);
  const rubric = input.rubrics.get(spec.rubric);
  if (rubric === undefined) throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: rubric "${spec.rubric}" is not known (known: ${[...input.rubrics.keys()].join(', ')}); add it with --rubric`);
  if (!existsSync(paths.ratings)) throw new TgradeError('E_GOLD_SET_INVALID', `${input.folder}: a gold set folder needs ratings.jsonl`);
  // A label gold.yaml leaves out (e.g. the rubric's automatic no_reasoning) is added back only when a
  // grader gave it, so no verdict falls outside the matrix and no empty row is added for nothing.
  const predictedLabels = [...input.results.values()].flatMap((records) => [...records.values()].flatMap((record) => (record.rubric === spec.rubric && record.status === 'ok' && record.label !== null ? [record.label] : [])));
  const labels = [...new Set([...(spec.labels ?? labelNames(rubric)), ...predictedLabels])];
  const positive = spec.positive ?? rubric.positive;
  const bootstrap = { resamples: input.resamples ?? 1000, seed: input.seed ?? 1 };
  const warnings: string[] = [];

  const ratingsFile = await readRatingsFile(paths.ratings);
  for (const problem of ratingsFile.problems) warnings.push(`${problem.file}:${problem.line}: ${problem.message} (line skipped)`);
  const replaced = describeRatingsHistory(paths.ratings, ratingsFile.history);
  if (replaced !== null) warnings.push(replaced);
  const known = new Set(input.itemIds);
  const outside = ratingsFile.ratings.filter((rating) => !labels.includes(rating.label));
  if (outside.length > 0) warnings.push(`${paths.ratings}: ${outside.length} rating(s) with a label outside ${labels.join(', ')} left out`);
  const gold = sortGoldRatings(spec, ratingsFile.ratings.filter((rating) => known.has(rating.item) && labels.includes(rating.label)));
  for (const rater of gold.undeclared) warnings.push(`${paths.ratings}: rater ${quoted(rater)} is not declared in gold.yaml, so its ratings are left out`);

  const noReference = gold.referenceRaters.length === 0;
  const reference = noReference
    ? input.itemIds.map((item): ConsensusItem => ({ item, label: null, source: 'unrated', votes: {} }))
    : goldReference(gold, input.itemIds, labels, spec.consensus).consensus;
  if (noReference) warnings.push(`${paths.spec}: no rater is declared human or illustrative, so there is no reference to calibrate against`);

  const positiveSet = new Set(positive);
  const parties = [
    ...[...input.results].filter(([, records]) => [...records.values()].some((record) => record.rubric === spec.rubric)).map(([name, records]) => ({ name, kind: 'grader' as const, predictions: predictionsOfResults(records, positiveSet) })),
    ...[...gold.automated].map(([name, records]) => ({ name, kind: 'automated-rater' as const, predictions: predictionsOfRatings(records, positiveSet) })),
  ];
  const graders = noReference ? [] : parties.map(({ name, kind, predictions }) => {
    const evaluation = evaluateGrader({ name, kind, labels, positive, reference, predictions, bootstrap });
    const scored = scoredItems(reference, predictions, positiveSet);
    return { evaluation, roc: scored === null ? null : rocCurve(scored.scores, scored.positives), reliability: scored === null ? null : reliabilityBins(scored.scores, scored.positives) };
  });
  return {
    folder: paths.folder,
    rubric: spec.rubric,
    description: spec.description ?? null,
    synthetic: spec.synthetic,
    labels: [...labels],
    positive: [...positive],
    referenceRaters: gold.referenceRaters,
    consensus: new Map(reference.map((item) => [item.item, item])),
    graders,
    warnings,
  };
}

/** Scores and truths of the items with a consensus and a scored prediction, when any prediction has a confidence. */
function scoredItems(reference: readonly ConsensusItem[], predictions: ReadonlyMap<string, Prediction>, positive: ReadonlySet<string>): { scores: number[]; positives: boolean[] } | null {
  if (positive.size === 0 || ![...predictions.values()].some((prediction) => prediction.hasConfidence)) return null;
  const scores: number[] = [];
  const positives: boolean[] = [];
  for (const item of reference) {
    const prediction = predictions.get(item.item);
    if (item.label === null || prediction?.status !== 'ok' || prediction.score === undefined) continue;
    scores.push(prediction.score);
    positives.push(positive.has(item.label));
  }
  if (!positives.includes(true) || !positives.includes(false)) return null;
  return { scores, positives };
}
