import { existsSync } from 'node:fs';
import { TgradeError } from '../errors.js';
import type { ConsensusItem, RatingTable, StatisticBootstrapOptions } from '../stats/index.js';
import { readTranscripts } from '../transcript/read-transcripts.js';
import { agreementReportOfTable, type AgreementReport, type LabelSource } from './agreement-report.js';
import { sortGoldRatings, type GoldRatings } from '../gold/gold-ratings.js';
import { goldReference } from '../gold/gold-reference.js';
import { loadGoldSetSpec, type GoldSetPaths, type GoldSetSpec } from '../gold/gold-set.js';
import { describeRatingsHistory, readRatingsFile, type RatingRecord, type RatingsProblem } from '../gold/ratings-file.js';
import { quoted } from '../quote-input.js';

/**
 * A gold set's reference ratings, read once by the one rule both `tgrade calibrate` and
 * `tgrade agreement <gold-folder>` use, so the two print the same agreement figures (AC1 above all,
 * whose chance term counts the possible labels):
 * - the label set is gold.yaml's `labels`, else the rubric's; a rubric label outside gold.yaml's
 *   list (e.g. the automatic no_reasoning) joins only when a rating uses it; with neither (the rubric
 *   is not known), the labels the reference raters used;
 * - the raters are those declared human or illustrative; adjudications enter only the consensus;
 * - a rating whose label is neither in the scale nor in the rubric stops with the ratings file named;
 * - with no rating from a rater declared human or illustrative there is no reference: it stops;
 * - malformed rating lines, ratings of unknown items, undeclared raters and relabellings are
 *   warnings (the last rating of a rater for an item counts).
 */
export interface GoldReferenceRatings {
  spec: GoldSetSpec;
  paths: GoldSetPaths;
  /** The label scale of the reference table. */
  labels: string[];
  labelSource: Exclude<LabelSource, '--labels'>;
  /** Labels a rating or a grader may use (scale ∪ rubric labels). */
  allowed: string[];
  gold: GoldRatings;
  itemIds: string[];
  table: RatingTable;
  consensus: ConsensusItem[];
  problems: RatingsProblem[];
  warnings: string[];
}

export async function readGoldReferenceRatings(folder: string, rubricLabels: readonly string[] | undefined): Promise<GoldReferenceRatings> {
  const { spec, paths } = await loadGoldSetSpec(folder);
  if (!existsSync(paths.ratings)) throw new TgradeError('E_GOLD_SET_INVALID', `${folder}: a gold set folder needs ratings.jsonl`);
  const ratingsFile = await readRatingsFile(paths.ratings);
  const warnings = ratingsFile.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message} (line skipped)`);
  const replaced = describeRatingsHistory(paths.ratings, ratingsFile.history);
  if (replaced !== null) warnings.push(replaced);
  const seen = [...new Set(ratingsFile.ratings.map((rating) => rating.label))].sort();
  const labelSource: GoldReferenceRatings['labelSource'] = spec.labels !== undefined ? 'gold.yaml' : rubricLabels !== undefined ? 'rubric' : 'ratings';
  const scale = spec.labels ?? rubricLabels ?? seen;
  const allowed = [...new Set([...scale, ...(rubricLabels ?? seen)])];
  checkLabels(ratingsFile.ratings, allowed, paths.ratings);
  const labels = [...new Set([...scale, ...allowed.filter((label) => ratingsFile.ratings.some((rating) => rating.label === label))])];
  const itemIds = await transcriptIds(paths.transcripts);
  const known = new Set(itemIds);
  const unknownItems = [...new Set(ratingsFile.ratings.map((rating) => rating.item).filter((item) => !known.has(item)))];
  if (unknownItems.length > 0) {
    warnings.push(`${paths.ratings}: ${unknownItems.length} rated item(s) not in transcripts.jsonl, left out: ${unknownItems.slice(0, 5).map((item) => quoted(item)).join(', ')}${unknownItems.length > 5 ? ', …' : ''}`);
  }
  const gold = sortGoldRatings(spec, ratingsFile.ratings.filter((rating) => known.has(rating.item)));
  for (const rater of gold.undeclared) warnings.push(`${paths.ratings}: rater ${quoted(rater)} is not declared in gold.yaml \`raters\` (with its kind), so its ratings are left out`);
  if (gold.referenceRaters.length === 0) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: no ratings from a rater declared with kind human or illustrative, so there is no reference to calibrate against or learn from`);
  }
  const { table, consensus } = goldReference(gold, itemIds, labels, spec.consensus);
  if (spec.consensus === 'majority' && gold.adjudicated.size > 0) warnings.push(`${paths.spec}: consensus is "majority", so the ${gold.adjudicated.size} adjudicated rating(s) are ignored`);
  return { spec, paths, labels, labelSource, allowed, gold, itemIds, table, consensus, problems: ratingsFile.problems, warnings };
}

/** The reference raters' agreement, as calibrate reports it. */
export function referenceAgreementOf(reference: GoldReferenceRatings, bootstrap: StatisticBootstrapOptions): AgreementReport {
  return agreementReportOfTable(reference.table, bootstrap, reference.labelSource);
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
