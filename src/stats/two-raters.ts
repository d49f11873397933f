/**
 * Helpers for the two-rater coefficients (Cohen's κ, Scott's π): pick the pair of raters and turn
 * the items both rated into a K × K contingency table. Each item is coded once (a·K + b, or −1 when
 * either rating is missing) so a bootstrap resample only counts codes.
 */
import { TgradeError } from '../errors.js';
import { checkRatingTable, raterColumn, type RatingTable } from './ratings.js';
import { undefinedBecause, type UndefinedStatistic } from './result.js';

export interface RaterPairOptions {
  /** The two raters to compare; may be omitted when the table has exactly two. */
  raters?: readonly [string, string];
}

export function pairCodes(table: RatingTable, options: RaterPairOptions): Int32Array | UndefinedStatistic {
  checkRatingTable(table);
  let first: number;
  let second: number;
  if (options.raters !== undefined) {
    [first, second] = [raterColumn(table, options.raters[0]), raterColumn(table, options.raters[1])];
    if (first === second) {
      throw new TgradeError('E_RATINGS_INVALID', `options.raters names "${table.raters[first]}" twice; name two different raters`);
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
export function flattenContingency(matrix: readonly (readonly number[])[]): Float64Array {
  const nLabels = matrix.length;
  const flat = new Float64Array(nLabels * nLabels);
  matrix.forEach((row, a) => {
    if (row.length !== nLabels) {
      throw new TgradeError('E_RATINGS_INVALID', `contingency row ${a} has ${row.length} columns, expected ${nLabels}`);
    }
    row.forEach((count, b) => {
      if (!(count >= 0)) throw new TgradeError('E_RATINGS_INVALID', `contingency [${a}][${b}] must be ≥ 0, got ${count}`);
      flat[a * nLabels + b] = count;
    });
  });
  return flat;
}

/** Row and column shares p_a· and p_·b of a flat contingency table with total n > 0. */
export function marginalShares(counts: Float64Array, nLabels: number, total: number): { rows: Float64Array; columns: Float64Array } {
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

export function weightedObservedAgreement(counts: Float64Array, nLabels: number, total: number, weights: readonly (readonly number[])[]): number {
  let observed = 0;
  for (let a = 0; a < nLabels; a++) for (let b = 0; b < nLabels; b++) observed += weights[a]![b]! * counts[a * nLabels + b]!;
  return observed / total;
}

export function total(counts: Float64Array): number {
  let sum = 0;
  for (const count of counts) sum += count;
  return sum;
}

export const NO_ITEM_RATED_BY_BOTH = 'no item was rated by both raters';
