import { hasGradedConfidence, positivePredictionScore, type PopulationItem } from './population.js';

/**
 * Strata of an audit: one per label the grader gave, split into confidence bins where the grader
 * has a confidence (so a confident flag and a hesitant one are audited at different rates), plus
 * one each for abstained, errored and gated-out items. `flagged` strata are those whose label is a
 * positive one (the binary view of the rubric).
 */
export interface Stratum {
  name: string;
  size: number;
  flagged: boolean;
  /** Mean score for the positive labels over the stratum's items. */
  meanPositiveScore: number;
  /** True when the stratum's items carry a graded confidence. */
  graded: boolean;
}

/** Confidence bins: [0, .6), [.6, .8), [.8, .95), [.95, 1]. */
const CONFIDENCE_BIN_EDGES = [0.6, 0.8, 0.95] as const;

export function stratumOf(item: PopulationItem): string {
  if (item.status !== 'ok') return item.status;
  if (!hasGradedConfidence(item)) return `label:${item.label}`;
  const confidence = item.scores?.[item.label!] ?? item.confidence ?? 1;
  return `label:${item.label}|confidence:${binOf(confidence)}`;
}

function binOf(confidence: number): string {
  const edges = [0, ...CONFIDENCE_BIN_EDGES, 1];
  for (let index = 1; index < edges.length; index++) {
    if (confidence < edges[index]! || index === edges.length - 1) return `${edges[index - 1]}-${edges[index]}`;
  }
  return '0-1';
}

export function buildStrata(items: readonly PopulationItem[], positive: ReadonlySet<string>): { strata: Stratum[]; stratumOfItem: string[] } {
  const byName = new Map<string, { size: number; scoreSum: number; flagged: boolean; graded: boolean }>();
  const stratumOfItem = items.map((item) => {
    const name = stratumOf(item);
    const entry = byName.get(name) ?? { size: 0, scoreSum: 0, flagged: item.status === 'ok' && positive.has(item.label!), graded: hasGradedConfidence(item) };
    entry.size += 1;
    entry.scoreSum += positivePredictionScore(item, positive);
    byName.set(name, entry);
    return name;
  });
  const strata = [...byName]
    .map(([name, entry]) => ({ name, size: entry.size, flagged: entry.flagged, meanPositiveScore: entry.scoreSum / entry.size, graded: entry.graded }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { strata, stratumOfItem };
}
