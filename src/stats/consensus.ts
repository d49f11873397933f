/**
 * A reference label per item from several raters: the most frequent label (plurality), or with
 * `rule: 'strict-majority'` only a label given by more than half the item's ratings. Ties and
 * missing majorities stay unresolved (null) rather than being broken arbitrarily, because a coin
 * flip in the reference would be scored as grader error. An adjudicated label, when given, wins.
 */
import { RatingsInputError } from './input-error.js';
import { checkRatingTable, raterColumn, type RatingTable } from './ratings.js';

export interface ConsensusOptions {
  /** item → label decided by an adjudicator; overrides the votes. */
  adjudicated?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Default 'plurality'. */
  rule?: 'plurality' | 'strict-majority';
  /** Count only these raters' votes (e.g. the humans); default all. */
  raters?: readonly string[];
}

export type ConsensusSource = 'adjudicated' | 'majority' | 'tie' | 'no-majority' | 'unrated';

export interface ConsensusItem {
  item: string;
  /** null when unresolved (tie, no strict majority, no ratings). */
  label: string | null;
  source: ConsensusSource;
  /** Votes per label (labels with no votes are left out). */
  votes: Record<string, number>;
}

export function consensus(table: RatingTable, options: ConsensusOptions = {}): ConsensusItem[] {
  checkRatingTable(table);
  const adjudicated = options.adjudicated instanceof Map ? options.adjudicated : new Map(Object.entries(options.adjudicated ?? {}));
  for (const [item, label] of adjudicated) {
    if (!table.items.includes(item)) throw new RatingsInputError(`adjudicated item "${item}" is not in the rating table`);
    if (!table.labels.includes(label)) {
      throw new RatingsInputError(`adjudicated label "${label}" for item "${item}" is not one of the labels (${table.labels.join(', ')}); add it to labelOrder`);
    }
  }
  const columns = (options.raters ?? table.raters).map((rater) => raterColumn(table, rater));
  return table.items.map((item, i) => {
    const counts = new Array<number>(table.labels.length).fill(0);
    let total = 0;
    for (const column of columns) {
      const cell = table.cells[i]![column];
      if (cell === null || cell === undefined) continue;
      counts[cell]!++;
      total++;
    }
    const votes = Object.fromEntries(table.labels.flatMap((label, k) => (counts[k]! > 0 ? [[label, counts[k]!]] : [])));
    const override = adjudicated.get(item);
    if (override !== undefined) return { item, label: override, source: 'adjudicated', votes };
    if (total === 0) return { item, label: null, source: 'unrated', votes };
    const top = Math.max(...counts);
    const winners = counts.flatMap((count, k) => (count === top ? [k] : []));
    if (winners.length > 1) return { item, label: null, source: 'tie', votes };
    if (options.rule === 'strict-majority' && top * 2 <= total) return { item, label: null, source: 'no-majority', votes };
    return { item, label: table.labels[winners[0]!]!, source: 'majority', votes };
  });
}
