import { randomIndex, seededRandom } from '../stats/random.js';

/**
 * Each rater sees the items in an order of their own, so position effects (fatigue, anchoring on
 * the first items) do not line up across raters; the order is seeded by the rater's name, so the
 * same rater gets the same order every time the page is reopened.
 */
export function seedOfName(name: string): number {
  // FNV-1a, 32 bits (Fowler–Noll–Vo; http://www.isthe.com/chongo/tech/comp/fnv/), over UTF-16 code units.
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index += 1) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Fisher–Yates shuffle of the ids with the rater's seed; the input is not changed. */
export function orderForRater(itemIds: readonly string[], rater: string): string[] {
  const random = seededRandom(seedOfName(rater));
  const order = [...itemIds];
  for (let index = order.length - 1; index > 0; index -= 1) {
    const swap = randomIndex(random, index + 1);
    [order[index], order[swap]] = [order[swap]!, order[index]!];
  }
  return order;
}

/** Where a reopened page starts: the first item in the order not yet done, or the end when all are. */
export function firstOpenIndex(order: readonly string[], done: ReadonlySet<string>): number {
  const index = order.findIndex((id) => !done.has(id));
  return index === -1 ? order.length : index;
}
