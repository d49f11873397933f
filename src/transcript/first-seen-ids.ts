import { hashId } from './id-hash.js';

/**
 * The line where each id of an input file was first seen, to report a repeated id as
 * `duplicate id "a" (first at line 1)`. Ids are kept as 64-bit hashes in an open-addressing table
 * of typed arrays (12 bytes a slot, ~17 bytes an id at the table's load), not as strings: an input
 * of a million transcripts costs ~17 MB, not the ~100 MB a Map of strings would. Two different ids
 * collide with probability about n²/2⁶⁵ (≈ 3·10⁻⁸ for a million).
 */
export class FirstSeenIds {
  private high = new Uint32Array(INITIAL_CAPACITY);
  private low = new Uint32Array(INITIAL_CAPACITY);
  // 0 = empty slot; lines are 1-based.
  private lines = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;

  /** Records `id` at `line` and returns null, or returns the line it was first seen at. */
  firstLineOf(id: string, line: number): number | null {
    const [high, low] = hashId(id);
    const slot = this.slotOf(high, low);
    const seen = this.lines[slot] as number;
    if (seen !== 0) return seen;
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    this.count += 1;
    if (this.count > this.lines.length * MAX_LOAD) this.grow();
    return null;
  }

  private slotOf(high: number, low: number): number {
    const mask = this.lines.length - 1;
    let slot = low & mask;
    while (this.lines[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, lines } = this;
    this.high = new Uint32Array(lines.length * 2);
    this.low = new Uint32Array(lines.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let index = 0; index < lines.length; index += 1) {
      if (lines[index] === 0) continue;
      const slot = this.slotOf(high[index] as number, low[index] as number);
      this.high[slot] = high[index] as number;
      this.low[slot] = low[index] as number;
      this.lines[slot] = lines[index] as number;
    }
  }
}

const INITIAL_CAPACITY = 1024;
const MAX_LOAD = 0.7;
