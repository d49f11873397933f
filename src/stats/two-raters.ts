/**
 * The two-rater coefficients (Cohen's κ, Scott's π) differ only in their chance agreement; the rest
 * is here: pick the pair of raters, turn the items both rated into a K × K contingency table, and
 * correct its observed agreement for chance. Each item is coded once (a·K + b, or −1 when either
 * rating is missing) so a bootstrap resample only counts codes.
 */
import { RatingsInputError } from './input-error.js';
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected } from './multi-rater.js';
import { checkRatingTable, raterColumn, type RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic, type UndefinedStatistic } from './result.js';
import { agreementWeights, type WeightOptions } from './weights.js';

export interface RaterPairOptions {
  /** The two raters to compare; may be omitted when the table has exactly two. */
  raters?: readonly [string, string];
}

export interface PairStatisticOptions extends WeightOptions, RaterPairOptions {
  bootstrap?: StatisticBootstrapOptions;
}

type Weights = readonly (readonly number[])[];

/** Chance agreement p_e from the weights and the two raters' label shares p_a· (rows) and p_·b (columns). */
export type PairChance = (weights: Weights, rows: Float64Array, columns: Float64Array) => number;

/** A two-rater coefficient over a rating table, with a bootstrap interval when asked for. */
export function pairStatistic(table: RatingTable, options: PairStatisticOptions, chance: PairChance): (Estimate | Statistic) & AgreementComponents {
  const codes = pairCodes(table, options);
  if (!(codes instanceof Int32Array)) return codes;
  const nLabels = table.labels.length;
  const weights = agreementWeights(options.weights ?? 'unweighted', nLabels, options.values);
  return estimateWithBootstrap(
    codes.length,
    (indices) => chanceCorrectedCounts(contingencyOn(codes, nLabels, indices), nLabels, weights, chance),
    options.bootstrap,
  );
}

/** A two-rater coefficient from a K × K contingency table (matrix[a][b] = items the first rater put in a and the second in b). */
export function pairStatisticFromContingency(
  matrix: readonly (readonly number[])[],
  options: WeightOptions,
  chance: PairChance,
): Estimate & AgreementComponents {
  const nLabels = matrix.length;
  const weights = agreementWeights(options.weights ?? 'unweighted', nLabels, options.values);
  return chanceCorrectedCounts(flattenContingency(matrix), nLabels, weights, chance);
}

/** (p_o − p_e) / (1 − p_e) of a flat contingency table, p_o weighted, p_e from `chance`. */
export function chanceCorrectedCounts(counts: Float64Array, nLabels: number, weights: Weights, chance: PairChance): Estimate & AgreementComponents {
  const n = total(counts);
  if (n === 0) return undefinedBecause(NO_ITEM_RATED_BY_BOTH);
  const { rows, columns } = marginalShares(counts, nLabels, n);
  return chanceCorrected(weightedObservedAgreement(counts, nLabels, n, weights), chance(weights, rows, columns));
}

function pairCodes(table: RatingTable, options: RaterPairOptions): Int32Array | UndefinedStatistic {
  checkRatingTable(table);
  let first: number;
  let second: number;
  if (options.raters !== undefined) {
    [first, second] = [raterColumn(table, options.raters[0]), raterColumn(table, options.raters[1])];
    if (first === second) {
      throw new RatingsInputError(`options.raters names "${table.raters[first]}" twice; name two different raters`);
    }
  } else if (table.raters.length === 2) {
    [first, second] = [0, 1];
  } else if (table.raters.length < 2) {
    return undefinedBecause(`a two-rater coefficient needs two raters and the table has ${table.raters.length}`);
  } else {
    return undefinedBecause(
      `the table has ${table.raters.length} raters; name two with options.raters, or use a multi-rater coefficient (Fleiss, Conger, Krippendorff)`,
    );
  }
  const nLabels = table.labels.length;
  return Int32Array.from(table.cells, (row) => {
    const a = row[first];
    const b = row[second];
    return a === null || a === undefined || b === null || b === undefined ? -1 : a * nLabels + b;
  });
}

/** counts[a·K + b] over the drawn items rated by both raters. */
export function contingencyOn(codes: Int32Array, nLabels: number, indices: Int32Array): Float64Array {
  const counts = new Float64Array(nLabels * nLabels);
  for (const i of indices) {
    const code = codes[i]!;
    if (code >= 0) counts[code]!++;
  }
  return counts;
}

/** A K × K matrix (rows of numbers) as the flat layout above, checking its shape. */
function flattenContingency(matrix: readonly (readonly number[])[]): Float64Array {
  const nLabels = matrix.length;
  const flat = new Float64Array(nLabels * nLabels);
  matrix.forEach((row, a) => {
    if (row.length !== nLabels) {
      throw new RatingsInputError(`contingency row ${a} has ${row.length} columns, expected ${nLabels}`);
    }
    row.forEach((count, b) => {
      if (!(count >= 0)) throw new RatingsInputError(`contingency [${a}][${b}] must be ≥ 0, got ${count}`);
      flat[a * nLabels + b] = count;
    });
  });
  return flat;
}

/** Row and column shares p_a· and p_·b of a flat contingency table with total n > 0. */
function marginalShares(counts: Float64Array, nLabels: number, total: number): { rows: Float64Array; columns: Float64Array } {
  const rows = new Float64Array(nLabels);
  const columns = new Float64Array(nLabels);
  for (let a = 0; a < nLabels; a++) {
    for (let b = 0; b < nLabels; b++) {
      const share = counts[a * nLabels + b]! / total;
      rows[a]! += share;
      columns[b]! += share;
    }
  }
  return { rows, columns };
}

function weightedObservedAgreement(counts: Float64Array, nLabels: number, total: number, weights: Weights): number {
  let observed = 0;
  for (let a = 0; a < nLabels; a++) for (let b = 0; b < nLabels; b++) observed += weights[a]![b]! * counts[a * nLabels + b]!;
  return observed / total;
}

function total(counts: Float64Array): number {
  let sum = 0;
  for (const count of counts) sum += count;
  return sum;
}

const NO_ITEM_RATED_BY_BOTH = 'no item was rated by both raters';
