import { randomIndex, type Random } from '../stats/index.js';

/**
 * Stratified k-fold assignment: each label's items are shuffled and dealt to the folds in turn,
 * continuing where the previous label stopped, so every fold gets a near-equal share of every label
 * and the folds differ in size by at most one (scikit-learn's StratifiedKFold does the same up to
 * the order of dealing). Returns the fold of each item.
 */
export function stratifiedFolds(labels: Int32Array, folds: number, random: Random): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const fold = new Int32Array(labels.length);
  const labelCount = labels.reduce((max, label) => Math.max(max, label + 1), 0);
  let next = 0;
  for (let label = 0; label < labelCount; label++) {
    const members: number[] = [];
    labels.forEach((value, index) => {
      if (value === label) members.push(index);
    });
    shuffle(members, random);
    for (const member of members) {
      fold[member] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/** Fisher–Yates shuffle in place (Knuth, TAOCP vol. 2, Algorithm P). */
function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** The indices of `indices` whose fold is (`heldOut` true) or is not (false) `fold`. */
export function splitByFold(indices: ArrayLike<number>, foldOf: Int32Array, fold: number): { training: number[]; heldOut: number[] } {
  const training: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < indices.length; i++) (foldOf[i] === fold ? heldOut : training).push(indices[i]!);
  return { training, heldOut };
}
