import { existsSync } from 'node:fs';
import { TgradeError } from '../errors.js';
import { sortGoldRatings, type GoldRatings } from '../gold/gold-ratings.js';
import { goldReference } from '../gold/gold-reference.js';
import { loadGoldSetSpec, type GoldSetPaths, type GoldSetSpec } from '../gold/gold-set.js';
import { describeRatingsHistory, readRatingsFile, type RatingRecord, type RatingsProblem } from '../gold/ratings-file.js';
import { quoted } from '../quote-input.js';
import type { ResultRecord } from '../grading/verdict.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import type { ConsensusItem, RatingTable } from '../stats/index.js';
import { readTranscripts } from '../transcript/read-transcripts.js';
import { predictionsOfRatings, predictionsOfResults } from './gold-predictions.js';
import { evaluateGrader, type GraderEvaluation, type Prediction } from './grader-evaluation.js';

/**
 * The one place a gold set is turned into a yardstick and graders are measured against it, with
 * one set of rules for `tgrade calibrate` and the report's calibration section:
 * - the scale is gold.yaml's labels (else the rubric's); a rubric label outside it (e.g. the
 *   automatic no_reasoning) joins only when a rating or a grader uses it, so coefficients that count
 *   categories (AC1, Brennan–Prediger) never count a category no one could choose;
 * - a rating whose label is neither in the scale nor in the rubric stops with the ratings file named;
 * - with no rating from a rater declared human or illustrative there is no reference: it stops;
 * - malformed rating lines, ratings of unknown items and undeclared raters are warnings, left out.
 */
export interface GoldSetUnderTest {
  spec: GoldSetSpec;
  paths: GoldSetPaths;
  rubric: Rubric;
  /** The scale plus the rubric labels a rating used, in that order. */
  ratedLabels: string[];
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
  const rubricLabels = labelNames(rubric);
  const scale = spec.labels ?? rubricLabels;
  const allowed = [...new Set([...scale, ...rubricLabels])];
  const positive = spec.positive ?? rubric.positive;
  const unknownPositive = positive.filter((label) => !allowed.includes(label));
  if (unknownPositive.length > 0) throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: positive label(s) ${unknownPositive.join(', ')} are not among the labels (${allowed.join(', ')})`);
  const warnings: string[] = [];

  if (!existsSync(paths.ratings)) throw new TgradeError('E_GOLD_SET_INVALID', `${folder}: a gold set folder needs ratings.jsonl`);
  const ratingsFile = await readRatingsFile(paths.ratings);
  for (const problem of ratingsFile.problems) {
    options.onProblem?.(problem);
    warnings.push(`${problem.file}:${problem.line}: ${problem.message} (line skipped)`);
  }
  const replaced = describeRatingsHistory(paths.ratings, ratingsFile.history);
  if (replaced !== null) warnings.push(replaced);
  checkLabels(ratingsFile.ratings, allowed, paths.ratings);
  const ratedLabels = [...new Set([...scale, ...allowed.filter((label) => ratingsFile.ratings.some((rating) => rating.label === label))])];
  const itemIds = await transcriptIds(paths.transcripts);
  const known = new Set(itemIds);
  const unknownItems = [...new Set(ratingsFile.ratings.map((rating) => rating.item).filter((item) => !known.has(item)))];
  if (unknownItems.length > 0) warnings.push(`${paths.ratings}: ${unknownItems.length} rated item(s) not in transcripts.jsonl, left out: ${unknownItems.slice(0, 5).map((item) => quoted(item)).join(', ')}${unknownItems.length > 5 ? ', …' : ''}`);
  const gold = sortGoldRatings(spec, ratingsFile.ratings.filter((rating) => known.has(rating.item)));
  for (const rater of gold.undeclared) warnings.push(`${paths.ratings}: rater ${quoted(rater)} is not declared in gold.yaml \`raters\` (with its kind), so its ratings are left out`);
  if (gold.referenceRaters.length === 0) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: no ratings from a rater declared with kind human or illustrative, so there is no reference to calibrate against`);
  }
  if (spec.consensus === 'majority' && gold.adjudicated.size > 0) warnings.push(`${paths.spec}: consensus is "majority", so the ${gold.adjudicated.size} adjudicated rating(s) are ignored`);
  const { table: referenceTable, consensus: reference } = goldReference(gold, itemIds, ratedLabels, spec.consensus);
  return { spec, paths, rubric, ratedLabels, allowed, positive, itemIds, gold, referenceTable, reference, warnings };
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
  graders: readonly { name: string; records: ReadonlyMap<string, ResultRecord> | undefined }[],
  options: EvaluateGoldSetOptions,
): GoldSetEvaluation {
  const positiveSet = new Set(goldSet.positive);
  const predicted = new Set(graders.flatMap(({ records }) => [...(records?.values() ?? [])].flatMap((record) => (record.status === 'ok' && record.label !== null ? [record.label] : []))));
  const labels = [...goldSet.ratedLabels, ...goldSet.allowed.filter((label) => !goldSet.ratedLabels.includes(label) && predicted.has(label))];
  const sets = [
    ...graders.map(({ name, records }) => ({ name, kind: 'grader' as const, predictions: predictionsOfResults(records, positiveSet) })),
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

function checkLabels(ratings: readonly RatingRecord[], labels: readonly string[], file: string): void {
  const bad = ratings.filter((rating) => !labels.includes(rating.label));
  if (bad.length === 0) return;
  const examples = bad.slice(0, 3).map((rating) => `${quoted(rating.label)} (rater ${quoted(rating.rater)}, item ${quoted(rating.item)})`);
  throw new TgradeError('E_GOLD_SET_INVALID', `${file}: ${bad.length} rating(s) use a label outside ${labels.join(', ')}: ${examples.join('; ')}`);
}

async function transcriptIds(file: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of readTranscripts(file)) if (item.ok) ids.push(item.transcript.id);
  return [...new Set(ids)];
}
