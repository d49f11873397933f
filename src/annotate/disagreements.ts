import type { RatingRecord } from '../gold/ratings-file.js';

export interface GraderLabel {
  item: string;
  grader: string;
  label: string;
}

/**
 * Items an adjudicator should look at: at least one rater rated the item and the labels on it —
 * the raters' (not earlier adjudications), plus the graders' when given — are not all the same.
 * Items are returned in the order given.
 */
export function itemsWithDisagreement(itemIds: readonly string[], ratings: readonly RatingRecord[], graderLabels: readonly GraderLabel[] = []): string[] {
  const labelsByItem = new Map<string, { raters: number; labels: Set<string> }>();
  const entry = (item: string) => {
    let found = labelsByItem.get(item);
    if (found === undefined) {
      found = { raters: 0, labels: new Set() };
      labelsByItem.set(item, found);
    }
    return found;
  };
  for (const rating of ratings) {
    if (rating.adjudicated === true) continue;
    const found = entry(rating.item);
    found.raters += 1;
    found.labels.add(rating.label);
  }
  for (const { item, label } of graderLabels) entry(item).labels.add(label);
  return itemIds.filter((id) => {
    const found = labelsByItem.get(id);
    return found !== undefined && found.raters > 0 && found.labels.size > 1;
  });
}
