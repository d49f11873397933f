import type { AnchorSets } from './phrase-anchors.js';

/**
 * One scan of a text finds which anchors (phrase-anchors.ts) stand at a word start in it, for all
 * the phrase patterns seen so far, so each pattern whose anchors are missing is skipped without
 * running it. A grader matches several phrase lists against the same scratchpad, and most of its
 * patterns find nothing in most texts: one scan replaces most of their runs.
 *
 * Why the scan finds every anchor at a word start: the scan is `\b(?:a|b|…)` (`gi`: ASCII `\w` and
 * case folding, like the patterns) with the longer anchors first, so where anchors stand at a word
 * start it reports the longest of them, and every shorter one standing there is a prefix of it
 * (both are prefixes of the text from there): those are added from a table. A reported anchor
 * consumes only word characters, within which there is no word start, so the scan skips no word
 * start where another anchor stands.
 */
/** The scan tries every anchor at every word start: more anchors, a slower scan for every text. */
const MAX_ANCHORS = 320;
/** Every pattern with new anchors rebuilds the scan: past this many the index stops growing. */
const MAX_REBUILDS = 32;
const SCANS_KEPT = 4;

/** Anchor sets as anchor numbers: a number stays the anchor's for good, whatever is added later. */
export type IndexedAnchorSets = readonly (readonly number[])[];
/** The anchors found in a text, one bit per anchor number. */
export type FoundAnchors = Uint32Array;

const numberOf = new Map<string, number>();
/** Each indexed anchor with the numbers of the indexed anchors that are prefixes of it (itself included). */
const prefixesOf = new Map<string, number[]>();
let scan: RegExp | null = null;
let rebuilds = 0;

/**
 * Adds a pattern's anchors to the index and gives its sets as anchor numbers; null when the index
 * is full: that pattern is then never skipped (it runs on every text, as without the index).
 */
export function indexAnchors(sets: AnchorSets): IndexedAnchorSets | null {
  const fresh = [...new Set(sets.flat())].filter((anchor) => !numberOf.has(anchor));
  if (fresh.length > 0) {
    if (rebuilds >= MAX_REBUILDS || numberOf.size + fresh.length > MAX_ANCHORS) return null;
    for (const anchor of fresh) numberOf.set(anchor, numberOf.size);
    const anchors = [...numberOf.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    prefixesOf.clear();
    for (const anchor of anchors) prefixesOf.set(anchor, anchors.filter((other) => anchor.startsWith(other)).map((other) => numberOf.get(other) as number));
    // Anchors are ASCII word characters only: nothing in them needs escaping.
    scan = new RegExp(`\\b(?:${anchors.join('|')})`, 'gi');
    rebuilds += 1;
    scans.length = 0;
    nextSlot = 0;
  }
  return sets.map((set) => set.map((anchor) => numberOf.get(anchor) as number));
}

interface Scan {
  text: string;
  found: FoundAnchors;
}

/** The last few texts scanned: a grader matches several phrase lists against the same spans in a row. */
const scans: Scan[] = [];
const slotBits = Array.from({ length: SCANS_KEPT }, () => new Uint32Array(MAX_ANCHORS / 32));
let nextSlot = 0;

export function anchorsIn(text: string): FoundAnchors {
  for (let index = 0; index < scans.length; index += 1) {
    const cached = scans[index] as Scan;
    if (cached.text === text) return cached.found;
  }
  // The slot's bits are reused: a caller reads them before it scans SCANS_KEPT more texts.
  const found = (slotBits[nextSlot] as FoundAnchors).fill(0);
  // `match` collects all matches in one call (an exec loop returns to JavaScript for each). Anchors
  // are lower-case ASCII word characters and the scan folds only ASCII case, so the lower-cased
  // match is the anchor itself.
  for (const match of text.match(scan as RegExp) ?? []) {
    for (const number of prefixesOf.get(match.toLowerCase()) as number[]) found[number >>> 5] = (found[number >>> 5] as number) | (1 << (number & 31));
  }
  scans[nextSlot] = { text, found };
  nextSlot = (nextSlot + 1) % SCANS_KEPT;
  return found;
}

/**
 * False only when the text cannot hold a match of the pattern whose indexed anchor sets these
 * are: some set has none of its anchors at a word start in the text.
 */
export function mayMatch(sets: IndexedAnchorSets, found: FoundAnchors): boolean {
  for (let setIndex = 0; setIndex < sets.length; setIndex += 1) {
    const set = sets[setIndex] as readonly number[];
    let present = false;
    for (let index = 0; index < set.length && !present; index += 1) {
      const number = set[index] as number;
      present = ((found[number >>> 5] as number) & (1 << (number & 31))) !== 0;
    }
    if (!present) return false;
  }
  return true;
}
