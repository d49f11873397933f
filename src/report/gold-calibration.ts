import { evaluateGoldSet, loadGoldSetUnderTest } from '../calibration/gold-set-evaluation.js';
import type { GraderEvaluation, Prediction } from '../calibration/grader-evaluation.js';
import { predictionsOfResults } from '../calibration/gold-predictions.js';
import { guardedPredictionsOf } from '../calibration/learned-leakage-guard.js';
import type { GraderInstance } from '../config/setup.js';
import type { ResultRecord } from '../grading/verdict.js';
import type { Rubric } from '../rubric/schema.js';
import { reliabilityBins, rocCurve, type ConsensusItem, type ReliabilityBin, type RocPoint } from '../stats/index.js';

/**
 * The report's calibration section: the graders of a results file measured against a gold set's
 * reference consensus, without running anything (the verdicts are those already in the file).
 * The measuring is `tgrade calibrate`'s own (calibration/gold-set-evaluation.ts: the same scale,
 * reference raters, consensus rule and errors); this file only adds the ROC curve points a plot
 * needs, which a calibration profile does not keep.
 */
interface CalibratedGrader {
  evaluation: GraderEvaluation;
  /** Empirical ROC curve of the positive-label score; null without scores or a binary view. */
  roc: RocPoint[] | null;
  /** Reliability bins of the same scores (ten equal-width bins); null when there is no ROC curve. */
  reliability: ReliabilityBin[] | null;
}

export interface GoldCalibration {
  folder: string;
  /** The gold set's transcripts (gold.yaml's `transcripts:`, else transcripts.jsonl). */
  transcripts: string;
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
  rubrics: ReadonlyMap<string, Rubric>;
  /** The configured graders: a learned one is measured on its training items by their out-of-fold scores. */
  instances?: readonly GraderInstance[];
  /** Where a learned grader's relative model path resolves (the config's folder). */
  baseDir?: string;
  resamples?: number;
  seed?: number;
}

export async function goldCalibration(input: GoldCalibrationInput): Promise<GoldCalibration> {
  const goldSet = await loadGoldSetUnderTest(input.folder, input.rubrics);
  const { spec } = goldSet;
  const bootstrap = { resamples: input.resamples ?? 1000, seed: input.seed ?? 1 };
  // The report measures the graders whose verdicts in the results file are for the gold set's rubric.
  const positiveSet = new Set(goldSet.positive);
  const warnings = [...goldSet.warnings];
  const measured = [...input.results].filter(([, records]) => [...records.values()].some((record) => record.rubric === spec.rubric));
  const graders = await Promise.all(
    measured.map(async ([name, records]) => {
      // As in calibrate: a learned grader is never measured on its own training items in-sample.
      const instance = input.instances?.find((candidate) => candidate.name === name);
      const guarded = instance === undefined ? null : await guardedPredictionsOf(instance, predictionsOfResults(records, positiveSet), input.baseDir ?? process.cwd(), positiveSet, warnings);
      return { name, records, ...(guarded === null ? {} : { predictions: guarded }) };
    }),
  );
  const { labels, parties } = evaluateGoldSet(goldSet, graders, { bootstrap });
  return {
    folder: goldSet.paths.folder,
    transcripts: goldSet.paths.transcripts,
    rubric: spec.rubric,
    description: spec.description ?? null,
    synthetic: spec.synthetic,
    labels,
    positive: [...goldSet.positive],
    referenceRaters: goldSet.gold.referenceRaters,
    consensus: new Map(goldSet.reference.map((item) => [item.item, item])),
    graders: parties.map(({ evaluation, predictions }) => {
      const scored = scoredItems(goldSet.reference, predictions, positiveSet);
      return { evaluation, roc: scored === null ? null : rocCurve(scored.scores, scored.positives), reliability: scored === null ? null : reliabilityBins(scored.scores, scored.positives) };
    }),
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
