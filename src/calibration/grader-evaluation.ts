import {
  buildRatingTable,
  clopperPearson,
  cohenKappaFromContingency,
  confusionReport,
  gwetAc1,
  lowestThresholdForPrecision,
  rocAuc,
  thresholdMaximizingKappa,
  type ConsensusItem,
  type RocPoint,
  type StatisticBootstrapOptions,
} from '../stats/index.js';
import { reported, undefinedStatistic, type ReportedStatistic } from './reported-statistic.js';

/**
 * One grader (or automated rater) against the reference consensus of a gold set. Pure: the caller
 * supplies the consensus and the grader's final verdicts. Abstentions and errors are never a class:
 * coverage = labelled / items with a consensus label (Clopper–Pearson), and every other figure is
 * computed on the labelled items only. Items without a consensus (ties) are left out and counted.
 */
export interface Prediction {
  status: 'ok' | 'abstain' | 'error';
  /** null unless status is 'ok'. */
  label: string | null;
  /** Score toward the binary view's positive labels (see binary-score.ts), for ok predictions. */
  score?: number;
  /** True when the score comes from a graded confidence rather than the bare label. */
  hasConfidence: boolean;
  /** The grader's evidence quotes. */
  evidence: string[];
  /** Abstention reason or error message. */
  reason?: string;
}

export interface EvaluationInput {
  name: string;
  kind: 'grader' | 'automated-rater';
  labels: readonly string[];
  positive: readonly string[];
  reference: readonly ConsensusItem[];
  /** item → the grader's final prediction; a missing item was not graded (e.g. kept out by a gate). */
  predictions: ReadonlyMap<string, Prediction>;
  bootstrap?: StatisticBootstrapOptions;
  /** Choose the lowest threshold reaching this precision instead of the one maximizing κ. */
  targetPrecision?: number;
}

export interface Coverage {
  /** Items with a consensus label (the denominator). */
  items: number;
  labelled: number;
  abstained: number;
  errors: number;
  notGraded: number;
  /** labelled / items with its exact interval. */
  share: ReportedStatistic;
  /** Gold items left out because the raters tied (or nobody rated them). */
  noConsensus: number;
}

export interface ClassEvaluation {
  label: string;
  support: number;
  predicted: number;
  precision: ReportedStatistic;
  recall: ReportedStatistic;
  f1: ReportedStatistic;
}

export interface ThresholdChoice {
  /** Predict positive when the score is ≥ this value. */
  value: number;
  basis: 'max-kappa' | 'target-precision';
  targetPrecision?: number;
  /** [[TP, FN], [FP, TN]] at this threshold (rows: reference positive/negative). */
  matrix: [[number, number], [number, number]];
  sensitivity: ReportedStatistic;
  specificity: ReportedStatistic;
  precision: ReportedStatistic;
  kappa: number | null;
}

export interface GraderDisagreement {
  item: string;
  consensus: string;
  consensusSource: ConsensusItem['source'];
  votes: Record<string, number>;
  label: string;
  evidence: string[];
}

export interface GraderEvaluation {
  name: string;
  kind: EvaluationInput['kind'];
  coverage: Coverage;
  labels: string[];
  /** matrix[reference][predicted] over the labelled items with a consensus. */
  confusionMatrix: number[][];
  n: number;
  accuracy: ReportedStatistic;
  kappa: ReportedStatistic;
  gwetAC1: ReportedStatistic;
  macroF1: ReportedStatistic;
  classes: ClassEvaluation[];
  /** The rubric's binary view: positive labels vs the rest. */
  positive: string[];
  binaryMatrix: [[number, number], [number, number]];
  sensitivity: ReportedStatistic;
  specificity: ReportedStatistic;
  rocAuc: ReportedStatistic;
  /** The chosen operating threshold on the score, or why there is none. */
  threshold: ThresholdChoice | { value: null; reason: string };
  disagreements: GraderDisagreement[];
}

export function evaluateGrader(input: EvaluationInput): GraderEvaluation {
  const bootstrap = { resamples: input.bootstrap?.resamples ?? 1000, seed: input.bootstrap?.seed ?? 1 };
  const resolved = input.reference.filter((item): item is ConsensusItem & { label: string } => item.label !== null);
  const coverage = coverageOf(input, resolved);
  const compared = resolved.flatMap((item) => {
    const prediction = input.predictions.get(item.item);
    return prediction?.status === 'ok' && prediction.label !== null ? [{ item, prediction, label: prediction.label }] : [];
  });
  const report = confusionReport(
    { reference: compared.map(({ item }) => item.label), predicted: compared.map(({ label }) => label) },
    { labels: input.labels, bootstrap },
  );
  const positive = new Set(input.positive);
  const binaryMatrix = binaryMatrixOf(compared.map(({ item, label }) => [positive.has(item.label), positive.has(label)]));
  const noPositives = 'undefined because the rubric (and gold.yaml) declare no positive labels, so there is no binary view';
  const [[tp, fn], [fp, tn]] = binaryMatrix;
  return {
    name: input.name,
    kind: input.kind,
    coverage,
    labels: report.labels,
    confusionMatrix: report.matrix,
    n: report.compared,
    accuracy: reported(report.accuracy),
    kappa: reported(report.kappa),
    gwetAC1: ac1Against(compared.map(({ item, label }) => [item.item, item.label, label]), input.labels, bootstrap),
    macroF1: reported(report.macroF1),
    classes: report.classes.map((scores) => ({
      label: scores.label,
      support: scores.support,
      predicted: scores.predictedCount,
      precision: reported(scores.precision),
      recall: reported(scores.recall),
      f1: reported(scores.f1),
    })),
    positive: [...input.positive],
    binaryMatrix,
    sensitivity: positive.size === 0 ? undefinedStatistic(noPositives) : proportion(tp, tp + fn, 'the gold set has no positive item the grader labelled'),
    specificity: positive.size === 0 ? undefinedStatistic(noPositives) : proportion(tn, tn + fp, 'the gold set has no negative item the grader labelled'),
    ...rocOf(compared.map(({ item, prediction }) => ({ positive: positive.has(item.label), prediction })), positive.size > 0, input.targetPrecision, bootstrap),
    disagreements: compared
      .filter(({ item, label }) => item.label !== label)
      .map(({ item, prediction, label }) => ({
        item: item.item,
        consensus: item.label,
        consensusSource: item.source,
        votes: item.votes,
        label,
        evidence: prediction.evidence,
      })),
  };
}

function coverageOf(input: EvaluationInput, resolved: readonly ConsensusItem[]): Coverage {
  let labelled = 0;
  let abstained = 0;
  let errors = 0;
  let notGraded = 0;
  for (const item of resolved) {
    const prediction = input.predictions.get(item.item);
    if (prediction === undefined) notGraded++;
    else if (prediction.status === 'ok') labelled++;
    else if (prediction.status === 'abstain') abstained++;
    else errors++;
  }
  return {
    items: resolved.length,
    labelled,
    abstained,
    errors,
    notGraded,
    share: proportion(labelled, resolved.length, 'no gold item has a consensus label'),
    noConsensus: input.reference.length - resolved.length,
  };
}

function proportion(successes: number, trials: number, why: string): ReportedStatistic {
  if (trials === 0) return undefinedStatistic(why);
  const { lower, upper } = clopperPearson(successes, trials);
  return { value: successes / trials, ci95: [lower, upper] };
}

/** [[TP, FN], [FP, TN]] from (reference positive, predicted positive) pairs. */
function binaryMatrixOf(pairs: readonly (readonly [boolean, boolean])[]): [[number, number], [number, number]] {
  const matrix: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  for (const [reference, predicted] of pairs) matrix[reference ? 0 : 1][predicted ? 0 : 1]++;
  return matrix;
}

function ac1Against(triples: readonly (readonly [string, string, string])[], labels: readonly string[], bootstrap: StatisticBootstrapOptions): ReportedStatistic {
  if (triples.length === 0) return undefinedStatistic('the grader labelled no gold item that has a consensus label');
  // The reference gets a name no rater can have, so it never collides with the grader's.
  const ratings = triples.flatMap(([item, reference, predicted]) => [
    { item, rater: '\u0000reference', label: reference },
    { item, rater: 'grader', label: predicted },
  ]);
  return reported(gwetAc1(buildRatingTable(ratings, labels), { bootstrap }));
}

function rocOf(
  items: readonly { positive: boolean; prediction: Prediction }[],
  hasBinaryView: boolean,
  targetPrecision: number | undefined,
  bootstrap: StatisticBootstrapOptions,
): Pick<GraderEvaluation, 'rocAuc' | 'threshold'> {
  const none = (why: string) => ({ rocAuc: undefinedStatistic(why), threshold: { value: null, reason: `no threshold: ${why.replace(/^undefined because /, '')}` } });
  if (!hasBinaryView) return none('the rubric (and gold.yaml) declare no positive labels, so there is no binary view');
  if (!items.some(({ prediction }) => prediction.hasConfidence)) return none('the grader reports no confidence or scores, only labels');
  const scored = items.filter(({ prediction }) => prediction.score !== undefined);
  const scores = scored.map(({ prediction }) => prediction.score!);
  const positives = scored.map(({ positive }) => positive);
  const auc = reported(rocAuc(scores, positives, { bootstrap }));
  const point = targetPrecision === undefined ? thresholdMaximizingKappa(scores, positives) : lowestThresholdForPrecision(scores, positives, targetPrecision);
  if (point === null || !Number.isFinite(point.threshold)) {
    const why =
      targetPrecision === undefined
        ? 'κ is undefined at every threshold, or highest when nothing is called positive'
        : `no threshold reaches precision ${targetPrecision} on the gold set`;
    return { rocAuc: auc, threshold: { value: null, reason: `no threshold: ${why}` } };
  }
  return { rocAuc: auc, threshold: thresholdChoice(point, targetPrecision) };
}

function thresholdChoice(point: RocPoint, targetPrecision: number | undefined): ThresholdChoice {
  const { truePositives: tp, falseNegatives: fn, falsePositives: fp, trueNegatives: tn } = point;
  const matrix: [[number, number], [number, number]] = [
    [tp, fn],
    [fp, tn],
  ];
  return {
    value: point.threshold,
    basis: targetPrecision === undefined ? 'max-kappa' : 'target-precision',
    ...(targetPrecision === undefined ? {} : { targetPrecision }),
    matrix,
    sensitivity: proportion(tp, tp + fn, 'no positive item'),
    specificity: proportion(tn, tn + fp, 'no negative item'),
    precision: proportion(tp, tp + fp, 'nothing is called positive'),
    kappa: cohenKappaFromContingency(matrix).value,
  };
}
