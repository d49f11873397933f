import { buildRatingTable, consensus, selectRaters, type ConsensusItem, type Rating, type RatingTable } from '../stats/index.js';
import type { GoldRatings } from './gold-ratings.js';
import type { GoldSetSpec } from './gold-set.js';

/**
 * The reference raters' table over every transcript of a gold set, and its consensus under the
 * gold set's rule: what `tgrade calibrate` and the report's calibration section both measure
 * graders against. Every transcript is an item, rated or not, so unrated ones count as having no
 * consensus instead of vanishing from the denominators.
 */
export function goldReference(
  gold: GoldRatings,
  itemIds: readonly string[],
  labels: readonly string[],
  rule: GoldSetSpec['consensus'],
): { table: RatingTable; consensus: ConsensusItem[] } {
  const table = selectRaters(
    buildRatingTable([...gold.reference, ...unratedPlaceholders(itemIds, gold.reference)], labels),
    gold.referenceRaters.map((rater) => rater.name),
  );
  return { table, consensus: consensus(table, rule === 'adjudicated' ? { adjudicated: gold.adjudicated } : {}) };
}

// Items nobody rated still need a row in the table; a placeholder rater with no label gives them
// one and is dropped again (selectRaters) before any statistic sees it.
const PLACEHOLDER_RATER = '\u0000unrated';

function unratedPlaceholders(itemIds: readonly string[], ratings: readonly Rating[]): Rating[] {
  const rated = new Set(ratings.map((rating) => rating.item));
  return itemIds.filter((item) => !rated.has(item)).map((item) => ({ item, rater: PLACEHOLDER_RATER, label: null }));
}
