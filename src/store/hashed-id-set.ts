import { PAIR_FINISHED, ResumeIndex } from './resume-index.js';

/**
 * A set of ids held as 64-bit hashes (~14 bytes an id, see resume-index.ts) instead of strings
 * (~100 bytes for a 64-hex-digit key): for sets that grow with a run, like the requests of a batch
 * pass. Two ids collide with probability about n²/2⁶⁵.
 */
export class HashedIdSet {
  private readonly index = new ResumeIndex();

  has(id: string): boolean {
    return (this.index.stateOf(id, MEMBER) & PAIR_FINISHED) !== 0;
  }

  add(id: string): void {
    this.index.record(id, MEMBER, 'ok', null);
  }

  get size(): number {
    return this.index.transcripts;
  }
}

const MEMBER = 'member';
