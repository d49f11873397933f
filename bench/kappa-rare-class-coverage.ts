/**
 * Coverage of the 95% bootstrap interval of Cohen's κ when one class is rare (issue 12 item 4) and
 * when there are only a handful of items (issue 15 item 14). Synthetic, seeded: each item has a
 * true class z (P(z = 1) = `prevalence`); each of two raters says 1 with probability `sensitivity`
 * when z = 1 and 1 − `specificity` when z = 0, independently given z. The population κ follows
 * from the joint distribution of the two ratings:
 *   P_o = π(s² + (1−s)²) + (1−π)(c² + (1−c)²),  m = πs + (1−π)(1−c),  P_e = m² + (1−m)²,
 *   κ = (P_o − P_e) / (1 − P_e).
 * For each replicate the interval is computed once with no cut-off on undefined resamples; each rule
 * below is then applied to the same replicate. "printed" is the share of replicates that get an
 * interval under the rule; "coverage" is the share of printed intervals containing the population κ,
 * with its Monte Carlo standard error sqrt(c(1 − c)/printed).
 *
 *   npm run build && node dist/bench/kappa-rare-class-coverage.js [replicates=2000]
 */
import { bootstrapRule, buildRatingTable, cohenKappa, seededRandom, type Rating } from '../src/stats/index.js';

interface Scenario {
  name: string;
  items: number;
  prevalence: number;
  sensitivity: number;
  specificity: number;
}

const SCENARIOS: Scenario[] = [
  { name: '3% class, n = 50', items: 50, prevalence: 0.03, sensitivity: 0.85, specificity: 0.995 },
  { name: '3% class, n = 200', items: 200, prevalence: 0.03, sensitivity: 0.85, specificity: 0.995 },
  { name: 'balanced, n = 7', items: 7, prevalence: 0.5, sensitivity: 0.95, specificity: 0.95 },
  { name: 'balanced, n = 20', items: 20, prevalence: 0.5, sensitivity: 0.95, specificity: 0.95 },
];
const RESAMPLES = 1000;
const replicates = Number(process.argv[2] ?? 2000);

function populationKappa({ prevalence: p, sensitivity: s, specificity: c }: Scenario): number {
  const observed = p * (s * s + (1 - s) ** 2) + (1 - p) * (c * c + (1 - c) ** 2);
  const m = p * s + (1 - p) * (1 - c);
  const chance = m * m + (1 - m) ** 2;
  return (observed - chance) / (1 - chance);
}

interface Replicate {
  interval: [number, number] | null;
  undefinedShare: number;
  rarestLabelCount: number;
  items: number;
}

function runReplicate(scenario: Scenario, random: () => number, seed: number): Replicate | null {
  const ratings: Rating[] = [];
  for (let i = 0; i < scenario.items; i++) {
    const z = random() < scenario.prevalence;
    for (const rater of ['a', 'b']) {
      const positive = z ? random() < scenario.sensitivity : random() >= scenario.specificity;
      ratings.push({ item: `i${i}`, rater, label: positive ? 'yes' : 'no' });
    }
  }
  const table = buildRatingTable(ratings, ['no', 'yes']);
  // No cut-off here (every rule is applied afterwards to the same resamples).
  const kappa = cohenKappa(table, { bootstrap: { resamples: RESAMPLES, seed, maxUndefinedFraction: 1, minItems: 0, allowZeroWidth: true } });
  if (kappa.value === null && kappa.pointEstimate === undefined) return null; // κ itself undefined: no interval under any rule
  const counts = [0, 0];
  for (const rating of ratings) counts[rating.label === 'yes' ? 1 : 0]!++;
  return {
    interval: kappa.value === null ? null : kappa.ci95,
    undefinedShare: kappa.value === null ? 1 : (kappa.interval?.method === 'bootstrap-percentile' ? kappa.interval.undefinedResamples : 0) / RESAMPLES,
    rarestLabelCount: Math.min(...counts),
    items: scenario.items,
  };
}

type Rule = { name: string; prints: (replicate: Replicate) => boolean };
const RULES: Rule[] = [
  { name: 'before: ≤ 20% undefined resamples', prints: (r) => r.undefinedShare <= 0.2 },
  { name: '≤ 5% undefined resamples', prints: (r) => r.undefinedShare <= 0.05 },
  { name: '≤ 1% undefined resamples', prints: (r) => r.undefinedShare <= 0.01 },
  { name: 'rarest label ≥ 5 ratings', prints: (r) => r.rarestLabelCount >= 5 },
  {
    name: 'after: the library rule',
    prints: (r) => bootstrapRule.allowsInterval({ items: r.items, undefinedShare: r.undefinedShare, zeroWidth: r.interval !== null && r.interval[0] === r.interval[1] }),
  },
];

console.log(`Cohen's κ, two raters, 95% percentile bootstrap (${RESAMPLES} resamples), ${replicates} replicates per scenario; synthetic data; Node ${process.version}`);
for (const scenario of SCENARIOS) {
  const truth = populationKappa(scenario);
  const random = seededRandom(20_261_202 + scenario.items);
  const runs: Replicate[] = [];
  let kappaUndefined = 0;
  for (let r = 0; r < replicates; r++) {
    const replicate = runReplicate(scenario, random, r + 1);
    if (replicate === null) kappaUndefined++;
    else runs.push(replicate);
  }
  console.log(`\n${scenario.name} (population κ = ${truth.toFixed(3)}; κ itself undefined in ${kappaUndefined} of ${replicates} samples)`);
  console.log('| rule | printed | coverage ± MC s.e. |');
  console.log('|---|---|---|');
  for (const rule of RULES) {
    const printed = runs.filter((run) => run.interval !== null && rule.prints(run));
    const covered = printed.filter((run) => run.interval![0] <= truth && truth <= run.interval![1]).length;
    const coverage = printed.length === 0 ? NaN : covered / printed.length;
    const se = printed.length === 0 ? NaN : Math.sqrt((coverage * (1 - coverage)) / printed.length);
    console.log(`| ${rule.name} | ${printed.length} of ${replicates} (${((100 * printed.length) / replicates).toFixed(1)}%) | ${printed.length === 0 ? '—' : `${(100 * coverage).toFixed(1)}% ± ${(100 * se).toFixed(1)}`} |`);
  }
}
