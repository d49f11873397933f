import { TgradeError } from '../errors.js';
import type { GoldRatings } from '../gold/gold-ratings.js';
import { loadGoldSetSpec, type GoldSetPaths, type GoldSetSpec } from '../gold/gold-set.js';
import type { RatingsProblem } from '../gold/ratings-file.js';
import type { ResultRecord } from '../grading/verdict.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import type { ConsensusItem, RatingTable } from '../stats/index.js';
import { readGoldReferenceRatings, type GoldReferenceRatings } from './gold-reference-ratings.js';
import { predictionsOfRatings, predictionsOfResults } from './gold-predictions.js';
import { evaluateGrader, type GraderEvaluation, type Prediction } from './grader-evaluation.js';

/**
 * The one place a gold set is turned into a yardstick and graders are measured against it, with
 * one set of rules for `tgrade calibrate` and the report's calibration section. The reference is
 * read by readGoldReferenceRatings (the rules are listed there, shared with `tgrade agreement
 * <gold-folder>`); here the rubric must be known, and gold.yaml's positive labels must be among its labels.
 */
export interface GoldSetUnderTest {
  spec: GoldSetSpec;
  paths: GoldSetPaths;
  rubric: Rubric;
  /** The scale plus the rubric labels a rating used, in that order. */
  ratedLabels: string[];
  /** Where the scale comes from: gold.yaml's `labels`, else the rubric's. */
  labelSource: GoldReferenceRatings['labelSource'];
  /** Every label a verdict may carry: the scale and the rubric's labels. */
  allowed: string[];
  positive: string[];
  /** The gold set's transcript ids, in file order, without repeats. */
  itemIds: string[];
  gold: GoldRatings;
  /** The reference raters' table over every item, and its consensus under gold.yaml's rule. */
  referenceTable: RatingTable;
  reference: ConsensusItem[];
  /** Things to fix in the gold set: malformed rating lines, unknown items, undeclared raters. */
  warnings: string[];
}

export interface LoadGoldSetOptions {
  onProblem?: (problem: RatingsProblem) => void;
}

export async function loadGoldSetUnderTest(folder: string, rubrics: ReadonlyMap<string, Rubric>, options: LoadGoldSetOptions = {}): Promise<GoldSetUnderTest> {
  const { spec, paths } = await loadGoldSetSpec(folder);
  const rubric = rubrics.get(spec.rubric);
  if (rubric === undefined) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: rubric "${spec.rubric}" is not known (known: ${[...rubrics.keys()].join(', ')}); add it with --rubric`);
  }
  const reference = await readGoldReferenceRatings(folder, labelNames(rubric));
  for (const problem of reference.problems) options.onProblem?.(problem);
  const { allowed } = reference;
  const positive = spec.positive ?? rubric.positive;
  const unknownPositive = positive.filter((label) => !allowed.includes(label));
  if (unknownPositive.length > 0) throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: positive label(s) ${unknownPositive.join(', ')} are not among the labels (${allowed.join(', ')})`);
  return {
    spec,
    paths,
    rubric,
    ratedLabels: reference.labels,
    labelSource: reference.labelSource,
    allowed,
    positive,
    itemIds: reference.itemIds,
    gold: reference.gold,
    referenceTable: reference.table,
    reference: reference.consensus,
    warnings: reference.warnings,
  };
}

/** A party measured against the reference: a configured grader, or an automated rater of the gold set. */
interface EvaluatedParty {
  name: string;
  kind: 'grader' | 'automated-rater';
  predictions: Map<string, Prediction>;
  evaluation: GraderEvaluation;
}

export interface GoldSetEvaluation {
  /** The rated labels plus any other allowed label a grader gave. */
  labels: string[];
  parties: EvaluatedParty[];
}

export interface EvaluateGoldSetOptions {
  bootstrap: { resamples: number; seed: number };
  targetPrecision?: number;
}

/** Measures each grader's final records (item → record), then each automated rater, against the gold set's reference. */
export function evaluateGoldSet(
  goldSet: GoldSetUnderTest,
  /** `predictions`, when given, replace those read from the records (a learned grader's out-of-fold scores on its training items). */
  graders: readonly { name: string; records: ReadonlyMap<string, ResultRecord> | undefined; predictions?: Map<string, Prediction> }[],
  options: EvaluateGoldSetOptions,
): GoldSetEvaluation {
  const positiveSet = new Set(goldSet.positive);
  const predicted = new Set(graders.flatMap(({ records }) => [...(records?.values() ?? [])].flatMap((record) => (record.status === 'ok' && record.label !== null ? [record.label] : []))));
  const labels = [...goldSet.ratedLabels, ...goldSet.allowed.filter((label) => !goldSet.ratedLabels.includes(label) && predicted.has(label))];
  const sets = [
    ...graders.map(({ name, records, predictions }) => ({ name, kind: 'grader' as const, predictions: predictions ?? predictionsOfResults(records, positiveSet) })),
    ...[...goldSet.gold.automated].map(([name, records]) => ({ name, kind: 'automated-rater' as const, predictions: predictionsOfRatings(records, positiveSet) })),
  ];
  const parties = sets.map((set) => ({
    ...set,
    evaluation: evaluateGrader({
      ...set,
      labels,
      positive: goldSet.positive,
      reference: goldSet.reference,
      bootstrap: options.bootstrap,
      ...(options.targetPrecision === undefined ? {} : { targetPrecision: options.targetPrecision }),
    }),
  }));
  return { labels, parties };
}
