import { jeffreysInterval } from '../stats/jeffreys.js';
import { stratifiedProportion } from '../stats/stratified-estimate.js';
import type { AuditBlock, SampleLine } from '../gold/audit-block.js';
import type { AuditMethod, StratumData } from './estimate-methods.js';
import type { PopulationItem } from './population.js';

export interface Recommendation {
  label: string;
  method: AuditMethod | null;
  reason: string;
}

/**
 * Which estimate to quote. A Wald interval (classical, ppi++) rests on a normal approximation that
 * fails with few events — with 0 positives among a stratum's audited items it has no width there
 * (Brown, Cai & DasGupta 2001 ask for about 10 events and 10 non-events) — so ppi++, the narrowest
 * design-unbiased interval, is recommended only when every stratum that was sampled (not audited in
 * full) shows at least 10 of each; otherwise `stratified`, whose Jeffreys intervals stay honest at 0.
 */
const MIN_EVENTS_FOR_WALD = 10;

export function recommend(label: string, design: AuditBlock['design'], strata: readonly StratumData[], estimates: readonly { method: AuditMethod; value: number | null }[]): Recommendation {
  const defined = (method: AuditMethod) => estimates.some((estimate) => estimate.method === method && estimate.value !== null);
  const sampled = strata.filter((stratum) => stratum.audited.length > 0 && stratum.audited.length < stratum.size);
  const sparse = sampled
    .map((stratum) => {
      const positives = stratum.audited.reduce((sum, item) => sum + item.label, 0);
      return { stratum, positives, negatives: stratum.audited.length - positives };
    })
    .filter((entry) => Math.min(entry.positives, entry.negatives) < MIN_EVENTS_FOR_WALD);
  const pooledPositives = strata.reduce((sum, stratum) => sum + stratum.audited.reduce((s, item) => s + item.label, 0), 0);
  const pooledAudited = strata.reduce((sum, stratum) => sum + stratum.audited.length, 0);
  const fewEvents = design === 'stratified' ? sparse.length > 0 : Math.min(pooledPositives, pooledAudited - pooledPositives) < MIN_EVENTS_FOR_WALD;
  if (!fewEvents && defined('ppi++')) {
    return { label, method: 'ppi++', reason: `every sampled stratum shows at least ${MIN_EVENTS_FOR_WALD} positives and ${MIN_EVENTS_FOR_WALD} negatives, so the normal interval holds, and ppi++ is the narrowest design-unbiased one` };
  }
  const why =
    design === 'stratified' && sparse.length > 0
      ? `stratum "${sparse[0]!.stratum.name}" shows ${sparse[0]!.positives} positive(s) and ${sparse[0]!.negatives} negative(s) among ${sparse[0]!.stratum.audited.length} audited`
      : `the audit shows ${pooledPositives} positive(s) among ${pooledAudited} audited items`;
  if (defined('stratified')) return { label, method: 'stratified', reason: `${why}: a normal (Wald) interval would be too narrow there, the per-stratum Jeffreys intervals stay honest at 0 and few events` };
  if (defined('ppi++')) return { label, method: 'ppi++', reason: `${why}, and the stratified estimate is not defined for this design: read the ppi++ interval with care` };
  if (defined('classical')) return { label, method: 'classical', reason: `${why}; only the classical estimate could be computed` };
  return { label, method: null, reason: 'no estimate could be computed (see each method’s reason)' };
}

export interface StratumRateRow {
  stratum: string;
  size: number;
  sampled: number;
  rated: number;
  /** What the rate means: the grader's PPV in a flagged stratum, the missed-positive rate in an unflagged one. */
  measures: 'ppv' | 'missed-positive rate' | 'positive rate';
  positives: number;
  rate: { value: number; ci: [number, number] } | { value: null; reason: string };
}

/** The grader's measured PPV per flagged stratum and missed-positive rate per unflagged stratum (binary view), plus the unflagged strata pooled. */
export function stratumRates(
  block: AuditBlock,
  itemsByStratum: ReadonlyMap<string, readonly PopulationItem[]>,
  sample: ReadonlyMap<string, SampleLine>,
  consensus: ReadonlyMap<string, string>,
  confidence: number,
): StratumRateRow[] {
  const positive = new Set(block.positive);
  const rows = block.strata.map((planned): StratumRateRow => {
    const items = itemsByStratum.get(planned.name) ?? [];
    const sampled = items.filter((item) => sample.has(item.item));
    const rated = sampled.filter((item) => consensus.has(item.item));
    const positives = rated.filter((item) => positive.has(consensus.get(item.item)!)).length;
    const measures = planned.flagged ? 'ppv' : planned.name === 'abstained' || planned.name === 'errored' ? 'positive rate' : 'missed-positive rate';
    const interval = jeffreysInterval(positives, rated.length, confidence);
    return {
      stratum: planned.name,
      size: items.length,
      sampled: sampled.length,
      rated: rated.length,
      measures,
      positives,
      rate: rated.length === 0 ? { value: null, reason: 'undefined because no item of the stratum was rated' } : { value: positives / rated.length, ci: [interval.lower, interval.upper] },
    };
  });
  const unflagged = rows.filter((row) => row.measures === 'missed-positive rate' && row.size > 0);
  if (unflagged.length > 1) {
    const complete = unflagged.every((row) => row.rated > 0);
    const pooled = complete ? stratifiedProportion(unflagged.map((row) => ({ size: row.size, audited: row.rated, positives: row.positives })), confidence) : undefined;
    rows.push({
      stratum: 'unflagged (all)',
      size: unflagged.reduce((sum, row) => sum + row.size, 0),
      sampled: unflagged.reduce((sum, row) => sum + row.sampled, 0),
      rated: unflagged.reduce((sum, row) => sum + row.rated, 0),
      measures: 'missed-positive rate',
      positives: unflagged.reduce((sum, row) => sum + row.positives, 0),
      rate: pooled === undefined ? { value: null, reason: 'undefined because an unflagged stratum has no rated item' } : { value: pooled.estimate, ci: pooled.interval },
    });
  }
  return rows;
}
