import { describe, expect, test } from 'vitest';
import { PAIR_ERRORED, PAIR_FINISHED, ResumeIndex } from '../../src/store/resume-index.js';
import { hashId } from '../../src/transcript/id-hash.js';

describe('ResumeIndex', () => {
  test('keeps every pair and tracked label through table growth (many transcripts, more than 16 graders)', () => {
    const graders = Array.from({ length: 20 }, (_, index) => `g${index}`);
    const index = new ResumeIndex({ trackLabelsOf: ['g0', 'g19'] });
    for (let transcript = 0; transcript < 3000; transcript += 1) {
      for (const grader of graders) {
        const status = (transcript + grader.length) % 7 === 0 ? 'error' : 'ok';
        index.record(`t${transcript}`, grader, status, status === 'ok' ? `label${transcript % 3}` : null);
      }
    }
    expect(index.transcripts).toBe(3000);
    for (let transcript = 0; transcript < 3000; transcript += 97) {
      for (const grader of graders) {
        const errored = (transcript + grader.length) % 7 === 0;
        expect(index.stateOf(`t${transcript}`, grader)).toBe(errored ? PAIR_ERRORED : PAIR_FINISHED);
      }
      const expected = (transcript + 2) % 7 === 0 ? undefined : `label${transcript % 3}`;
      expect(index.labelOf(`t${transcript}`, 'g0')).toBe(expected);
    }
    expect(index.stateOf('t-unknown', 'g0')).toBe(0);
    expect(index.stateOf('t1', 'g-unknown')).toBe(0);
  });

  test('a snapshot, cloned as a worker thread receives it, answers every lookup as the index did, and later records stay out of it', () => {
    const graders = Array.from({ length: 6 }, (_, index) => `g${index}`);
    const index = new ResumeIndex({ trackLabelsOf: ['g1'] });
    for (let transcript = 0; transcript < 2000; transcript += 1) {
      for (const grader of graders) {
        const status = transcript % 5 === 0 ? 'error' : transcript % 11 === 0 ? 'abstain' : 'ok';
        index.record(`t${transcript}`, grader, status, status === 'ok' ? `label${transcript % 4}` : null);
      }
    }
    const copy = ResumeIndex.fromSnapshot(structuredClone(index.snapshot()));
    index.record('t-later', 'g0', 'ok', 'label0');
    for (let transcript = 0; transcript < 2001; transcript += 1) {
      for (const grader of [...graders, 'g-unknown']) expect(copy.stateOf(`t${transcript}`, grader)).toBe(index.stateOf(`t${transcript}`, grader));
      expect(copy.labelOf(`t${transcript}`, 'g1')).toBe(index.labelOf(`t${transcript}`, 'g1'));
    }
    expect(copy.isFinished('t-later', 'g0')).toBe(false);
    expect(copy.transcripts).toBe(2000);
  });

  test('holds 8 bytes of hash and one byte of bits per slot for up to four graders, in tables at least 64% full', () => {
    const index = new ResumeIndex();
    const transcripts = 100_000;
    for (let transcript = 0; transcript < transcripts; transcript += 1) {
      for (const grader of ['a', 'b', 'c', 'd']) index.record(`t${transcript}`, grader, 'ok', 'x');
    }
    // 9 bytes a slot at a load of at least 0.64 (tables grow by 1.25× at 0.8).
    expect(index.bytes / transcripts).toBeLessThanOrEqual(9 / 0.64);
    index.record('t0', 'e', 'ok', 'x');
    expect(index.stateOf('t0', 'e')).toBe(PAIR_FINISHED);
    expect(index.stateOf('t99999', 'd')).toBe(PAIR_FINISHED);
    expect(index.bytes / transcripts).toBeLessThanOrEqual(10 / 0.64);
  });

  test('record returns the state before it, so an error cleared by a success can be told apart', () => {
    const index = new ResumeIndex();
    expect(index.record('t', 'g', 'error', null)).toBe(0);
    expect(index.record('t', 'g', 'ok', 'yes')).toBe(PAIR_ERRORED);
    expect(index.record('t', 'g', 'ok', 'yes')).toBe(PAIR_ERRORED | PAIR_FINISHED);
  });

  test('an abstention of a tracked grader reads back as null', () => {
    const index = new ResumeIndex({ trackLabelsOf: ['gate'] });
    index.record('t', 'gate', 'abstain', null);
    expect(index.labelOf('t', 'gate')).toBeNull();
  });

  test('hashId never gives the empty-slot marker and differs for near-identical ids', () => {
    expect(hashId('')).not.toEqual([0, 0]);
    expect(hashId('t1')).not.toEqual(hashId('t2'));
    expect(hashId('ab')).not.toEqual(hashId('ba'));
  });
});
