/**
 * The common input of the agreement statistics: an items × raters table of nominal labels with
 * missing cells. Labels are stored as indices into `labels`, whose order is the order ordinal and
 * interval statistics use (and, by default, the equal-spaced values 0, 1, 2, … weighted statistics
 * use); pass `labelOrder` to fix it, otherwise observed labels are sorted (numerically when every
 * label is a number, else by code unit, so the order never depends on locale or input order).
 */
import { RatingsInputError } from './input-error.js';

export interface RatingTable {
  items: string[];
  raters: string[];
  labels: string[];
  /** cells[i][r] = label index or null (missing) */
  cells: (number | null)[][];
}

export interface Rating {
  item: string;
  rater: string;
  /** null records that the rater saw the item but gave no usable label (e.g. a grader error). */
  label: string | null;
}

export interface BuildRatingTableOptions {
  /** What to do with a label missing from `labelOrder`: throw (default) or treat the rating as missing. */
  unlistedLabels?: 'throw' | 'missing';
}

export function buildRatingTable(
  ratings: readonly Rating[],
  labelOrder?: readonly string[],
  options: BuildRatingTableOptions = {},
): RatingTable {
  const labels = labelOrder === undefined ? sortedLabels(ratings.map(({ label }) => label)) : [...labelOrder];
  if (new Set(labels).size !== labels.length) {
    throw new RatingsInputError(`labelOrder lists a label twice: ${labels.join(', ')}`);
  }
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const itemIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  for (const { item, rater } of ratings) {
    if (!itemIndex.has(item)) itemIndex.set(item, itemIndex.size);
    if (!raterIndex.has(rater)) raterIndex.set(rater, raterIndex.size);
  }
  const cells: (number | null)[][] = Array.from({ length: itemIndex.size }, () => new Array<number | null>(raterIndex.size).fill(null));
  const seen = new Set<string>();
  for (const { item, rater, label } of ratings) {
    const key = JSON.stringify([item, rater]);
    if (seen.has(key)) {
      throw new RatingsInputError(`rater "${rater}" rated item "${item}" more than once; keep one rating per rater and item`);
    }
    seen.add(key);
    if (label === null) continue;
    const index = labelIndex.get(label);
    if (index === undefined) {
      if (options.unlistedLabels === 'missing') continue;
      throw new RatingsInputError(`rater "${rater}" gave item "${item}" the label "${label}", which is not in labelOrder (${labels.join(', ')}); add it or pass unlistedLabels: 'missing'`);
    }
    cells[itemIndex.get(item)!]![raterIndex.get(rater)!] = index;
  }
  return { items: [...itemIndex.keys()], raters: [...raterIndex.keys()], labels, cells };
}

/** The distinct labels, numerically sorted when all are numbers, else by code unit (never by locale). */
export function sortedLabels(labels: Iterable<string | null>): string[] {
  const unique = [...new Set(labels)].filter((label): label is string => label !== null);
  const numeric = unique.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  return numeric ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A table from an items × labels count matrix (counts[i][k] = raters who gave item i label k), as
 * published for Fleiss' κ. The raters are synthetic ("rating 1", …) and carry no identity, so only
 * statistics that ignore who rated (Fleiss, Krippendorff, Gwet, Brennan–Prediger, percent
 * agreement) are meaningful on it.
 */
export function ratingTableFromCounts(counts: readonly (readonly number[])[], labels?: readonly string[]): RatingTable {
  const nLabels = counts[0]?.length ?? labels?.length ?? 0;
  const labelNames = labels === undefined ? Array.from({ length: nLabels }, (_, k) => String(k + 1)) : [...labels];
  const maxRatings = Math.max(0, ...counts.map((row) => row.reduce((sum, count) => sum + count, 0)));
  const cells = counts.map((row, i) => {
    if (row.length !== labelNames.length) {
      throw new RatingsInputError(`count row ${i} has ${row.length} columns, expected ${labelNames.length}`);
    }
    const cellRow: (number | null)[] = [];
    row.forEach((count, k) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new RatingsInputError(`count [${i}][${k}] must be a whole number ≥ 0, got ${count}`);
      }
      for (let c = 0; c < count; c++) cellRow.push(k);
    });
    while (cellRow.length < maxRatings) cellRow.push(null);
    return cellRow;
  });
  return {
    items: counts.map((_, i) => String(i + 1)),
    raters: Array.from({ length: maxRatings }, (_, r) => `rating ${r + 1}`),
    labels: labelNames,
    cells,
  };
}

/** A two-rater table from a K × K contingency table (matrix[a][b] = items rater A put in a and rater B in b). */
export function ratingTableFromContingency(
  matrix: readonly (readonly number[])[],
  labels?: readonly string[],
  raters: readonly [string, string] = ['A', 'B'],
): RatingTable {
  const nLabels = matrix.length;
  const labelNames = labels === undefined ? Array.from({ length: nLabels }, (_, k) => String(k + 1)) : [...labels];
  const cells: (number | null)[][] = [];
  matrix.forEach((row, a) => {
    if (row.length !== nLabels) {
      throw new RatingsInputError(`contingency row ${a} has ${row.length} columns, expected ${nLabels}`);
    }
    row.forEach((count, b) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new RatingsInputError(`contingency [${a}][${b}] must be a whole number ≥ 0, got ${count}`);
      }
      for (let c = 0; c < count; c++) cells.push([a, b]);
    });
  });
  return { items: cells.map((_, i) => String(i + 1)), raters: [...raters], labels: labelNames, cells };
}

/** The same table restricted to some raters (e.g. the humans only, to build a reference). */
export function selectRaters(table: RatingTable, raters: readonly string[]): RatingTable {
  const columns = raters.map((rater) => raterColumn(table, rater));
  return { ...table, raters: [...raters], cells: table.cells.map((row) => columns.map((column) => row[column] ?? null)) };
}

/** The column of a named rater; throws for a name the table does not have. */
export function raterColumn(table: RatingTable, rater: string): number {
  const column = table.raters.indexOf(rater);
  if (column < 0) throw new RatingsInputError(`unknown rater "${rater}"; the table has ${table.raters.join(', ')}`);
  return column;
}

/** Throws unless every cell is null or a label index, and every row has one cell per rater. */
export function checkRatingTable(table: RatingTable): void {
  const nLabels = table.labels.length;
  if (table.cells.length !== table.items.length) {
    throw new RatingsInputError(`the table has ${table.items.length} items but ${table.cells.length} rows of cells`);
  }
  table.cells.forEach((row, i) => {
    if (row.length !== table.raters.length) {
      throw new RatingsInputError(`item "${table.items[i]}" has ${row.length} cells for ${table.raters.length} raters`);
    }
    row.forEach((cell, r) => {
      if (cell !== null && !(Number.isInteger(cell) && cell >= 0 && cell < nLabels)) {
        throw new RatingsInputError(`cell [${i}][${r}] (item "${table.items[i]}", rater "${table.raters[r]}") is ${cell}, not a label index 0…${nLabels - 1} or null`);
      }
    });
  });
}

/** counts[i * K + k] = raters who gave item i label k, and the number of ratings per item. */
export function itemLabelCounts(table: RatingTable): { counts: Int32Array; ratingsPerItem: Int32Array } {
  checkRatingTable(table);
  const nLabels = table.labels.length;
  const counts = new Int32Array(table.items.length * nLabels);
  const ratingsPerItem = new Int32Array(table.items.length);
  table.cells.forEach((row, i) => {
    for (const cell of row) {
      if (cell === null) continue;
      counts[i * nLabels + cell]!++;
      ratingsPerItem[i]!++;
    }
  });
  return { counts, ratingsPerItem };
}
