import { hashId } from '../transcript/id-hash.js';

/**
 * What a resumed run must know about a results file, in a few bytes per transcript: for each
 * transcript × grader pair, whether it is finished (labelled or abstained), whether it has an error
 * record, and — for graders that gate others — its label. Transcripts are keyed by a 64-bit hash
 * of their id (never the id text), in open-addressing tables of typed arrays: a slot is the 8-byte
 * hash, 2 bits per grader and 2 bytes per gated-on grader, so a run over a million transcripts and
 * two graders holds ~12 MB (the bound the memory benchmark of issue 5 leaves room for).
 *
 * Two ids collide with probability about n²/2⁶⁵ (≈ 4·10⁻⁸ for a million transcripts); a
 * collision would make the second transcript look already graded.
 */

/** Bits of the state a pair had before `record`: finished and/or errored. */
export const PAIR_FINISHED = 1;
export const PAIR_ERRORED = 2;

// Tables grow by a quarter when 80% full, so they run between 64% and 80% full (doubling at 70%
// left them half empty on average). Linear probing stays short at that load: shards are small
// enough to sit in cache, and a transcript is looked up once per grader.
const MAX_LOAD = 0.8;
const GROWTH = 1.25;
const GRADERS_PER_BYTE = 4; // 2 bits each: finished, errored
const NO_LABEL = 0;
const ABSTAINED = 1;

/** A ResumeIndex as plain data (typed arrays and arrays), for a worker thread to look up the same pairs. */
export interface ResumeIndexSnapshot {
  graders: string[];
  tracked: string[];
  labelNames: string[];
  bitBytes: number;
  count: number;
  shards: { capacity: number; count: number; hashes: Uint32Array; pairBits: Uint8Array; labels: Uint16Array }[];
}

export class ResumeIndex {
  // 256 tables, chosen by the hash's top byte: each grows on its own, so growing never holds an
  // old and a new copy of the whole index at once.
  private readonly shards: Shard[];
  private count = 0;
  private bitBytes = 1;
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
    this.shards = Array.from({ length: SHARDS }, () => new Shard(INITIAL_SHARD_CAPACITY, this.bitBytes, this.trackedIndex.size));
  }

  /** A copy of the tables as they are now (what is recorded later is not in it). */
  snapshot(): ResumeIndexSnapshot {
    return {
      graders: [...this.graderIndex.keys()],
      tracked: [...this.trackedIndex.keys()],
      labelNames: [...this.labelNames],
      bitBytes: this.bitBytes,
      count: this.count,
      shards: this.shards.map(({ capacity, count, hashes, pairBits, labels }) => ({ capacity, count, hashes: hashes.slice(), pairBits: pairBits.slice(), labels: labels.slice() })),
    };
  }

  static fromSnapshot(snapshot: ResumeIndexSnapshot): ResumeIndex {
    const index = new ResumeIndex({ trackLabelsOf: snapshot.tracked });
    snapshot.graders.forEach((grader, at) => index.graderIndex.set(grader, at));
    snapshot.labelNames.forEach((label, at) => {
      index.labelNames.push(label);
      index.labelCodes.set(label, at + 2);
    });
    index.bitBytes = snapshot.bitBytes;
    index.count = snapshot.count;
    snapshot.shards.forEach((tables, at) => (index.shards[at] as Shard).restore(tables, snapshot.bitBytes));
    return index;
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
    return shard.bitsAt(slot, graderAt);
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
      slot = shard.insert(this.lastHigh, this.lastLow);
      this.count += 1;
    }
    const before = shard.bitsAt(slot, graderAt);
    shard.setBit(slot, graderAt, status === 'error' ? PAIR_ERRORED : PAIR_FINISHED);
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
      if (index >= this.bitBytes * GRADERS_PER_BYTE) {
        this.bitBytes += 1;
        for (const shard of this.shards) shard.rebuild(shard.capacity, this.bitBytes);
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

/**
 * One open-addressing table (linear probing) of any capacity: a hash's first slot is its low half
 * scaled to the capacity (Lemire's multiply-shift), so tables need not be powers of two and can
 * grow by less than double. (0, 0) marks an empty slot.
 */
class Shard {
  capacity: number;
  count = 0;
  /** high, low of each slot's hash, side by side. */
  hashes: Uint32Array;
  pairBits: Uint8Array;
  labels: Uint16Array;
  private bitBytes: number;
  private readonly tracked: number;

  constructor(capacity: number, bitBytes: number, tracked: number) {
    this.capacity = capacity;
    this.bitBytes = bitBytes;
    this.tracked = tracked;
    this.hashes = new Uint32Array(capacity * 2);
    this.pairBits = new Uint8Array(capacity * bitBytes);
    this.labels = new Uint16Array(capacity * tracked);
  }

  get bytes(): number {
    return this.hashes.byteLength + this.pairBits.byteLength + this.labels.byteLength;
  }

  bitsAt(slot: number, graderAt: number): number {
    const byte = this.pairBits[slot * this.bitBytes + Math.floor(graderAt / GRADERS_PER_BYTE)] as number;
    return (byte >>> (2 * (graderAt % GRADERS_PER_BYTE))) & 3;
  }

  setBit(slot: number, graderAt: number, bit: number): void {
    const at = slot * this.bitBytes + Math.floor(graderAt / GRADERS_PER_BYTE);
    this.pairBits[at] = (this.pairBits[at] as number) | (bit << (2 * (graderAt % GRADERS_PER_BYTE)));
  }

  restore(tables: ResumeIndexSnapshot['shards'][number], bitBytes: number): void {
    this.capacity = tables.capacity;
    this.count = tables.count;
    this.bitBytes = bitBytes;
    this.hashes = tables.hashes;
    this.pairBits = tables.pairBits;
    this.labels = tables.labels;
  }

  /** The slot holding this hash, or -1. */
  find(high: number, low: number): number {
    for (let slot = homeSlot(low, this.capacity); ; slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      const slotHigh = this.hashes[2 * slot] as number;
      const slotLow = this.hashes[2 * slot + 1] as number;
      if (slotHigh === high && slotLow === low) return slot;
      if (slotHigh === 0 && slotLow === 0) return -1;
    }
  }

  /** Adds a hash known to be absent; returns its slot. */
  insert(high: number, low: number): number {
    if (this.count + 1 > this.capacity * MAX_LOAD) this.rebuild(Math.ceil(this.capacity * GROWTH), this.bitBytes);
    const slot = this.emptySlotFor(low);
    this.hashes[2 * slot] = high;
    this.hashes[2 * slot + 1] = low;
    this.count += 1;
    return slot;
  }

  rebuild(capacity: number, bitBytes: number): void {
    const old = { capacity: this.capacity, bitBytes: this.bitBytes, hashes: this.hashes, bits: this.pairBits, labels: this.labels };
    const tracked = this.tracked;
    this.capacity = capacity;
    this.bitBytes = bitBytes;
    this.hashes = new Uint32Array(capacity * 2);
    this.pairBits = new Uint8Array(capacity * bitBytes);
    this.labels = new Uint16Array(capacity * tracked);
    for (let from = 0; from < old.capacity; from += 1) {
      const high = old.hashes[2 * from] as number;
      const low = old.hashes[2 * from + 1] as number;
      if (high === 0 && low === 0) continue;
      const to = this.emptySlotFor(low);
      this.hashes[2 * to] = high;
      this.hashes[2 * to + 1] = low;
      for (let byte = 0; byte < old.bitBytes; byte += 1) this.pairBits[to * bitBytes + byte] = old.bits[from * old.bitBytes + byte] as number;
      for (let label = 0; label < tracked; label += 1) this.labels[to * tracked + label] = old.labels[from * tracked + label] as number;
    }
  }

  private emptySlotFor(low: number): number {
    let slot = homeSlot(low, this.capacity);
    while ((this.hashes[2 * slot] as number) !== 0 || (this.hashes[2 * slot + 1] as number) !== 0) slot = slot + 1 === this.capacity ? 0 : slot + 1;
    return slot;
  }
}

/** low (an unsigned 32-bit value) mapped evenly onto 0 … capacity − 1; exact in doubles below 2^53. */
function homeSlot(low: number, capacity: number): number {
  return Math.floor((low * capacity) / 4294967296);
}
