import type { Rating } from '../stats/index.js';
import { raterKind, type GoldSetSpec, type RaterKind } from './gold-set.js';
import type { RatingRecord } from './ratings-file.js';

/**
 * A gold set's ratings sorted by who gave them. Only raters declared `human` or `illustrative` form
 * the reference (the consensus): `illustrative` ratings were written to show the format and are
 * reported under that name, never as human. `automated` raters (a probe, another model) are
 * compared with the reference like graders. Undeclared raters are left out, with a warning, rather
 * than assumed human. Adjudicated ratings are decisions after disagreement, not independent
 * ratings: they never enter an agreement statistic, only the consensus (when gold.yaml says so).
 */
export interface GoldRatings {
  /** Ratings by human and illustrative raters (not adjudications). */
  reference: Rating[];
  referenceRaters: { name: string; kind: Extract<RaterKind, 'human' | 'illustrative'> }[];
  /** Automated raters' ratings, with their scores. */
  automated: Map<string, RatingRecord[]>;
  /** item → adjudicated label. */
  adjudicated: Map<string, string>;
  /** Raters found in ratings.jsonl but not declared in gold.yaml. */
  undeclared: string[];
}

export function sortGoldRatings(spec: GoldSetSpec, records: readonly RatingRecord[]): GoldRatings {
  const reference: Rating[] = [];
  const referenceRaters = new Map<string, 'human' | 'illustrative'>();
  const automated = new Map<string, RatingRecord[]>();
  const adjudicated = new Map<string, string>();
  const undeclared = new Set<string>();
  for (const record of records) {
    if (record.adjudicated === true) {
      adjudicated.set(record.item, record.label);
      continue;
    }
    const kind = raterKind(spec, record.rater);
    if (kind === 'human' || kind === 'illustrative') {
      referenceRaters.set(record.rater, kind);
      reference.push({ item: record.item, rater: record.rater, label: record.label });
    } else if (kind === 'automated') {
      automated.set(record.rater, [...(automated.get(record.rater) ?? []), record]);
    } else undeclared.add(record.rater);
  }
  return {
    reference,
    referenceRaters: [...referenceRaters].map(([name, kind]) => ({ name, kind })),
    automated,
    adjudicated,
    undeclared: [...undeclared],
  };
}

/** Ratings as the statistics take them; adjudications left out. */
export function ratingsOf(records: readonly RatingRecord[]): Rating[] {
  return records.filter((record) => record.adjudicated !== true).map(({ item, rater, label }) => ({ item, rater, label }));
}
