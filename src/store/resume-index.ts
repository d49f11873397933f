/**
 * What a resumed run must know about a results file, in a few bytes per transcript: for each
 * transcript × grader pair, whether it is finished (labelled or abstained), whether it has an error
 * record, and — for graders that gate others — its label. Transcripts are keyed by a 64-bit hash
 * of their id (never the id text), in open-addressing tables of typed arrays, so a run over
 * millions of transcripts holds ~12–24 bytes per transcript instead of a string per pair.
 *
 * Two ids collide with probability about n²/2⁶⁵ (≈ 4·10⁻⁸ for a million transcripts); a
 * collision would make the second transcript look already graded.
 */

/** Bits of the state a pair had before `record`: finished and/or errored. */
export const PAIR_FINISHED = 1;
export const PAIR_ERRORED = 2;

const MAX_LOAD = 0.7;
const GRADERS_PER_WORD = 16; // 2 bits each: finished, errored
const NO_LABEL = 0;
const ABSTAINED = 1;

export class ResumeIndex {
  // 256 tables, chosen by the hash's top byte: each grows on its own, so growing never holds an
  // old and a new copy of the whole index at once (a 2^21-slot table would briefly need 1.5×).
  private readonly shards: Shard[];
  private count = 0;
  private words = 1;
  private readonly graderIndex = new Map<string, number>();
  private readonly trackedIndex: Map<string, number>;
  private readonly labelCodes = new Map<string, number>();
  private readonly labelNames: string[] = [];
  // The last hashed id: a transcript is looked up once per grader in a row.
  private lastId: string | undefined;
  private lastHigh = 0;
  private lastLow = 0;

  constructor(options: { trackLabelsOf?: Iterable<string> } = {}) {
    this.trackedIndex = new Map([...new Set(options.trackLabelsOf ?? [])].map((grader, index) => [grader, index]));
    this.shards = Array.from({ length: SHARDS }, () => new Shard(INITIAL_SHARD_CAPACITY, this.words, this.trackedIndex.size));
  }

  /** Transcripts with at least one recorded pair. */
  get transcripts(): number {
    return this.count;
  }

  /** Bytes held by the tables' arrays (what grows with the size of the results file). */
  get bytes(): number {
    return this.shards.reduce((sum, shard) => sum + shard.bytes, 0);
  }

  isFinished(transcriptId: string, grader: string): boolean {
    return (this.stateOf(transcriptId, grader) & PAIR_FINISHED) !== 0;
  }

  /** Bits PAIR_FINISHED / PAIR_ERRORED of the pair; 0 when nothing is recorded for it. */
  stateOf(transcriptId: string, grader: string): number {
    const graderAt = this.graderIndex.get(grader);
    if (graderAt === undefined) return 0;
    this.hash(transcriptId);
    const shard = this.shardOf();
    const slot = shard.find(this.lastHigh, this.lastLow);
    if (slot === -1) return 0;
    return shard.bitsAt(slot, graderAt, this.words);
  }

  /** The label of a tracked grader: undefined when unknown, null when it abstained. */
  labelOf(transcriptId: string, grader: string): string | null | undefined {
    const tracked = this.trackedIndex.get(grader);
    if (tracked === undefined) return undefined;
    this.hash(transcriptId);
    const shard = this.shardOf();
    const slot = shard.find(this.lastHigh, this.lastLow);
    if (slot === -1) return undefined;
    const code = shard.labels[slot * this.trackedIndex.size + tracked] as number;
    if (code === NO_LABEL) return undefined;
    if (code === ABSTAINED) return null;
    return this.labelNames[code - 2];
  }

  /**
   * Notes one result record and returns the pair's bits from before it, so a caller counting
   * results can tell a first verdict from a duplicate and an error later cleared by a success.
   */
  record(transcriptId: string, grader: string, status: 'ok' | 'abstain' | 'error', label: string | null): number {
    const graderAt = this.graderAt(grader);
    this.hash(transcriptId);
    const shard = this.shardOf();
    let slot = shard.find(this.lastHigh, this.lastLow);
    if (slot === -1) {
      slot = shard.insert(this.lastHigh, this.lastLow, this.words);
      this.count += 1;
    }
    const before = shard.bitsAt(slot, graderAt, this.words);
    const bit = status === 'error' ? PAIR_ERRORED : PAIR_FINISHED;
    const word = slot * this.words + Math.floor(graderAt / GRADERS_PER_WORD);
    shard.pairBits[word] = (shard.pairBits[word] as number) | (bit << (2 * (graderAt % GRADERS_PER_WORD)));
    const tracked = this.trackedIndex.get(grader);
    if (tracked !== undefined && status !== 'error') {
      shard.labels[slot * this.trackedIndex.size + tracked] = status === 'abstain' || label === null ? ABSTAINED : this.labelCode(label);
    }
    return before;
  }

  private hash(transcriptId: string): void {
    if (transcriptId === this.lastId) return;
    const [high, low] = hashId(transcriptId);
    this.lastId = transcriptId;
    this.lastHigh = high;
    this.lastLow = low;
  }

  private shardOf(): Shard {
    return this.shards[this.lastHigh >>> 24] as Shard;
  }

  private graderAt(grader: string): number {
    let index = this.graderIndex.get(grader);
    if (index === undefined) {
      index = this.graderIndex.size;
      this.graderIndex.set(grader, index);
      if (index >= this.words * GRADERS_PER_WORD) {
        const words = this.words + 1;
        for (const shard of this.shards) shard.rebuild(shard.capacity, this.words, words);
        this.words = words;
      }
    }
    return index;
  }

  private labelCode(label: string): number {
    let code = this.labelCodes.get(label);
    if (code === undefined) {
      if (this.labelNames.length >= 0xffff - 2) throw new RangeError('more than 65,533 distinct labels on gated-on graders');
      code = this.labelNames.length + 2;
      this.labelNames.push(label);
      this.labelCodes.set(label, code);
    }
    return code;
  }
}

const SHARDS = 256;
const INITIAL_SHARD_CAPACITY = 16;

/** One open-addressing table (linear probing); (0, 0) marks an empty slot. */
class Shard {
  capacity: number;
  count = 0;
  hashHigh: Uint32Array;
  hashLow: Uint32Array;
  pairBits: Uint32Array;
  labels: Uint16Array;
  private readonly tracked: number;

  constructor(capacity: number, words: number, tracked: number) {
    this.capacity = capacity;
    this.tracked = tracked;
    this.hashHigh = new Uint32Array(capacity);
    this.hashLow = new Uint32Array(capacity);
    this.pairBits = new Uint32Array(capacity * words);
    this.labels = new Uint16Array(capacity * tracked);
  }

  get bytes(): number {
    return this.hashHigh.byteLength + this.hashLow.byteLength + this.pairBits.byteLength + this.labels.byteLength;
  }

  bitsAt(slot: number, graderAt: number, words: number): number {
    const word = this.pairBits[slot * words + Math.floor(graderAt / GRADERS_PER_WORD)] as number;
    return (word >>> (2 * (graderAt % GRADERS_PER_WORD))) & 3;
  }

  /** The slot holding this hash, or -1. */
  find(high: number, low: number): number {
    const mask = this.capacity - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const slotHigh = this.hashHigh[slot] as number;
      const slotLow = this.hashLow[slot] as number;
      if (slotHigh === high && slotLow === low) return slot;
      if (slotHigh === 0 && slotLow === 0) return -1;
    }
  }

  /** Adds a hash known to be absent; returns its slot. */
  insert(high: number, low: number, words: number): number {
    if (this.count + 1 > this.capacity * MAX_LOAD) this.rebuild(this.capacity * 2, words, words);
    const mask = this.capacity - 1;
    let slot = low & mask;
    while ((this.hashHigh[slot] as number) !== 0 || (this.hashLow[slot] as number) !== 0) slot = (slot + 1) & mask;
    this.hashHigh[slot] = high;
    this.hashLow[slot] = low;
    this.count += 1;
    return slot;
  }

  rebuild(capacity: number, oldWords: number, words: number): void {
    const old = { capacity: this.capacity, high: this.hashHigh, low: this.hashLow, bits: this.pairBits, labels: this.labels };
    const tracked = this.tracked;
    this.capacity = capacity;
    this.hashHigh = new Uint32Array(capacity);
    this.hashLow = new Uint32Array(capacity);
    this.pairBits = new Uint32Array(capacity * words);
    this.labels = new Uint16Array(capacity * tracked);
    const mask = capacity - 1;
    for (let from = 0; from < old.capacity; from += 1) {
      const high = old.high[from] as number;
      const low = old.low[from] as number;
      if (high === 0 && low === 0) continue;
      let to = low & mask;
      while ((this.hashHigh[to] as number) !== 0 || (this.hashLow[to] as number) !== 0) to = (to + 1) & mask;
      this.hashHigh[to] = high;
      this.hashLow[to] = low;
      for (let word = 0; word < oldWords; word += 1) this.pairBits[to * words + word] = old.bits[from * oldWords + word] as number;
      for (let label = 0; label < tracked; label += 1) this.labels[to * tracked + label] = old.labels[from * tracked + label] as number;
    }
  }
}

/**
 * cyrb53's mixing (public domain, bryc 2018) kept at its full 64 bits: two 32-bit lanes over the
 * UTF-16 code units, then a final avalanche. (0, 0) marks an empty slot, so it is mapped to (0, 1).
 */
export function hashId(text: string): [high: number, low: number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const high = h2 >>> 0;
  const low = h1 >>> 0;
  return [high, high === 0 && low === 0 ? 1 : low];
}
