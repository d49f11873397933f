import { randomIndex, type Random } from '../stats/random.js';
import type { AllocatedStratum } from './allocation.js';

/** One drawn item: what `sample.jsonl` holds a line of. */
export interface SampledItem {
  item: string;
  stratum: string;
  inclusionProbability: number;
}

/** Simple random sampling without replacement within each stratum: π = n_h/N_h. */
export function drawStratified(ids: readonly string[], stratumOfItem: readonly string[], allocation: readonly AllocatedStratum[], random: Random): SampledItem[] {
  const members = groupByStratum(stratumOfItem);
  const sampled: SampledItem[] = [];
  for (const stratum of allocation) {
    const indices = members.get(stratum.name) ?? [];
    for (const index of choose(indices, stratum.sample, random)) {
      sampled.push({ item: ids[index]!, stratum: stratum.name, inclusionProbability: stratum.sample / stratum.size });
    }
  }
  return sampled;
}

/** A simple random sample of `budget` items: π = budget/N; strata are recorded for post-stratification. */
export function drawRandom(ids: readonly string[], stratumOfItem: readonly string[], budget: number, random: Random): SampledItem[] {
  const all = ids.map((_, index) => index);
  const size = Math.min(budget, ids.length);
  return choose(all, size, random).map((index) => ({ item: ids[index]!, stratum: stratumOfItem[index]!, inclusionProbability: size / ids.length }));
}

/**
 * Active sampling (Zrnic & Candès 2024, "Active statistical inference"): inclusion probabilities
 * proportional to √(p̂(1 − p̂)) — the grader's uncertainty about the item — mixed with 10% uniform so
 * no item's probability is near 0 (the estimator divides by it), scaled to sum to the budget and
 * capped at 1 (Särndal et al. 1992, §3.6). Drawn by systematic πps sampling on a random order, which
 * gives a sample of exactly `budget` items with exactly these inclusion probabilities.
 */
export function activeInclusionProbabilities(uncertaintyOf: readonly number[], budget: number): number[] {
  const size = uncertaintyOf.length;
  if (budget >= size) return uncertaintyOf.map(() => 1);
  const scores = uncertaintyOf.map((p) => Math.sqrt(Math.max(0, p * (1 - p))));
  const scoreSum = scores.reduce((sum, value) => sum + value, 0);
  const base = scores.map((score) => 0.1 / size + (scoreSum > 0 ? (0.9 * score) / scoreSum : 0.9 / size));
  const probabilities = new Array<number>(size).fill(0);
  const capped = new Set<number>();
  for (;;) {
    const free = base.reduce((sum, value, i) => (capped.has(i) ? sum : sum + value), 0);
    const room = budget - capped.size;
    let changed = false;
    for (let i = 0; i < size; i++) {
      if (capped.has(i)) {
        probabilities[i] = 1;
        continue;
      }
      probabilities[i] = (base[i]! * room) / free;
      if (probabilities[i]! >= 1) {
        capped.add(i);
        changed = true;
      }
    }
    if (!changed) return probabilities;
  }
}

export function drawSystematic(ids: readonly string[], stratumOfItem: readonly string[], probabilities: readonly number[], random: Random): SampledItem[] {
  const order = choose(ids.map((_, index) => index), ids.length, random);
  const start = random();
  const sampled: SampledItem[] = [];
  let cumulative = 0;
  for (const index of order) {
    const before = cumulative;
    cumulative += probabilities[index]!;
    // Selected when a point start + k (k = 0, 1, …) falls in (before, cumulative].
    if (Math.floor(cumulative - start + 1e-12) > Math.floor(before - start + 1e-12)) {
      sampled.push({ item: ids[index]!, stratum: stratumOfItem[index]!, inclusionProbability: probabilities[index]! });
    }
  }
  return sampled;
}

/** `count` distinct members in random order (a partial Fisher–Yates shuffle). */
function choose(members: readonly number[], count: number, random: Random): number[] {
  const pool = [...members];
  const chosen: number[] = [];
  for (let i = 0; i < count && i < pool.length; i++) {
    const j = i + randomIndex(random, pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    chosen.push(pool[i]!);
  }
  return chosen;
}

function groupByStratum(stratumOfItem: readonly string[]): Map<string, number[]> {
  const members = new Map<string, number[]>();
  stratumOfItem.forEach((stratum, index) => {
    const list = members.get(stratum);
    if (list === undefined) members.set(stratum, [index]);
    else list.push(index);
  });
  return members;
}
