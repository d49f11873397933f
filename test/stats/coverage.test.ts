import { describe, expect, test } from 'vitest';
import { buildRatingTable, clopperPearson, cohenKappa, krippendorffAlpha, seededRandom, type Random, type Rating } from '../../src/stats/index.js';

/**
 * Seeded simulations of interval coverage. Raters follow a "knows the truth or guesses" model: each
 * item has a true label z (prior), and each rating is z with probability `accuracy`, otherwise a
 * uniformly random label. For exchangeable raters the population κ, π and α coincide:
 *   P_o = Σ_z prior_z Σ_k P(k|z)²,  P_e = Σ_k m_k² with m_k = Σ_z prior_z P(k|z),  κ = (P_o − P_e)/(1 − P_e).
 * Bounds are loose (0.90–0.99) so the seeded result is stable; the measured figure is printed.
 */
const prior = [0.5, 0.3, 0.2];
const accuracy = 0.7;
const K = prior.length;
const labelProbability = (k: number, z: number) => (k === z ? accuracy : 0) + (1 - accuracy) / K;
const marginal = prior.map((_, k) => prior.reduce((sum, pz, z) => sum + pz * labelProbability(k, z), 0));
const observedPopulation = prior.reduce((sum, pz, z) => sum + pz * prior.reduce((s, _, k) => s + labelProbability(k, z) ** 2, 0), 0);
const chancePopulation = marginal.reduce((sum, m) => sum + m * m, 0);
const trueKappa = (observedPopulation - chancePopulation) / (1 - chancePopulation);

function draw(random: Random, probabilities: number[]): number {
  let u = random();
  for (let k = 0; k < probabilities.length - 1; k++) {
    u -= probabilities[k]!;
    if (u < 0) return k;
  }
  return probabilities.length - 1;
}

function simulateStudy(random: Random, items: number, raters: number, missingShare: number): Rating[] {
  const ratings: Rating[] = [];
  for (let i = 0; i < items; i++) {
    const z = draw(random, prior);
    for (let r = 0; r < raters; r++) {
      if (random() < missingShare) continue;
      const label = random() < accuracy ? z : Math.floor(random() * K);
      ratings.push({ item: `i${i}`, rater: `r${r}`, label: String(label) });
    }
  }
  return ratings;
}

const labelOrder = prior.map((_, k) => String(k));

describe('interval coverage in seeded simulations', () => {
  test('Clopper–Pearson intervals cover a binomial proportion at least 95% of the time', () => {
    const random = seededRandom(11);
    const [p, n, replications] = [0.1, 40, 2000];
    let covered = 0;
    for (let r = 0; r < replications; r++) {
      let successes = 0;
      for (let i = 0; i < n; i++) if (random() < p) successes++;
      const { lower, upper } = clopperPearson(successes, n);
      if (lower <= p && p <= upper) covered++;
    }
    const coverage = covered / replications;
    console.log(`Clopper–Pearson coverage (p = ${p}, n = ${n}, ${replications} replications): ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.94);
    expect(coverage).toBeLessThanOrEqual(0.99);
  });

  test("the bootstrap interval of Cohen's κ covers the true κ about 95% of the time", () => {
    const random = seededRandom(12);
    const replications = 400;
    let covered = 0;
    for (let r = 0; r < replications; r++) {
      const table = buildRatingTable(simulateStudy(random, 150, 2, 0), labelOrder);
      const kappa = cohenKappa(table, { bootstrap: { resamples: 1000, seed: r } });
      if (kappa.value !== null && kappa.ci95[0] <= trueKappa && trueKappa <= kappa.ci95[1]) covered++;
    }
    const coverage = covered / replications;
    console.log(`bootstrap κ coverage (true κ = ${trueKappa.toFixed(3)}, 150 items × 2 raters, ${replications} replications × 1000 resamples): ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(coverage).toBeLessThanOrEqual(0.99);
  });

  test("the bootstrap interval of Krippendorff's α covers the true α with 20% of ratings missing", () => {
    const random = seededRandom(13);
    const replications = 400;
    let covered = 0;
    for (let r = 0; r < replications; r++) {
      const table = buildRatingTable(simulateStudy(random, 150, 3, 0.2), labelOrder);
      const alpha = krippendorffAlpha(table, { bootstrap: { resamples: 1000, seed: r } });
      if (alpha.value !== null && alpha.ci95[0] <= trueKappa && trueKappa <= alpha.ci95[1]) covered++;
    }
    const coverage = covered / replications;
    console.log(`bootstrap α coverage (true α = ${trueKappa.toFixed(3)}, 150 items × 3 raters, 20% missing, ${replications} replications): ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(coverage).toBeLessThanOrEqual(0.99);
  });
});
