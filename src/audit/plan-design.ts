import { seededRandom } from '../stats/random.js';
import { allocate, type AllocatedStratum } from './allocation.js';
import type { AuditDesign } from '../gold/audit-block.js';
import { hasGradedConfidence, positivePredictionScore, type PopulationItem } from './population.js';
import { activeInclusionProbabilities, drawRandom, drawStratified, drawSystematic, type SampledItem } from './sampling.js';
import { buildStrata } from './strata.js';

/** The pure part of `tgrade audit plan`: strata, allocation and the draw, from the population alone. */
export interface PlanDesignOptions {
  design: AuditDesign;
  budget: number;
  seed: number;
  positive: ReadonlySet<string>;
  expectedMissRate?: number;
}

export interface PlannedAudit {
  strata: AllocatedStratum[];
  sample: SampledItem[];
}

export function planDesign(population: readonly PopulationItem[], options: PlanDesignOptions): PlannedAudit {
  // Sorted ids: the same population drawn from a file in another order gives the same sample.
  const items = [...population].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  const ids = items.map((item) => item.item);
  const { strata, stratumOfItem } = buildStrata(items, options.positive);
  const random = seededRandom(options.seed);
  const allocated = allocate(strata, { budget: options.design === 'stratified' ? options.budget : Math.max(options.budget, 2 * strata.length), ...(options.expectedMissRate === undefined ? {} : { expectedMissRate: options.expectedMissRate }) });
  if (options.design === 'stratified') return { strata: allocated, sample: drawStratified(ids, stratumOfItem, allocated, random) };
  let sample: SampledItem[];
  if (options.design === 'random') sample = drawRandom(ids, stratumOfItem, options.budget, random);
  else {
    const rateOf = new Map(allocated.map((stratum) => [stratum.name, stratum.expectedRate]));
    const uncertainty = items.map((item, index) => (hasGradedConfidence(item) ? positivePredictionScore(item, options.positive) : rateOf.get(stratumOfItem[index]!)!));
    sample = drawSystematic(ids, stratumOfItem, activeInclusionProbabilities(uncertainty, options.budget), random);
  }
  const counts = new Map<string, number>();
  for (const drawn of sample) counts.set(drawn.stratum, (counts.get(drawn.stratum) ?? 0) + 1);
  return { strata: allocated.map((stratum) => ({ ...stratum, sample: counts.get(stratum.name) ?? 0, census: counts.get(stratum.name) === stratum.size })), sample };
}
