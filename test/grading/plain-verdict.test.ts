import { describe, expect, test } from 'vitest';
import { plainVerdict } from '../../src/grading/plain-verdict.js';
import { VerdictSchema } from '../../src/grading/verdict.js';

/**
 * The fast path must agree with the schema it stands in front of: whatever it accepts, zod accepts
 * with the same output (keys and their order included); whatever it is unsure of, it leaves to zod.
 */
const ACCEPTED: [string, unknown][] = [
  ['a bare label', { status: 'ok', label: 'none', evidence: [] }],
  ['every optional field', { status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: 0, end: 1 }], confidence: 0.75, reasoning: 'r', votes: ['yes', 'no'], flags: ['f'], scores: { yes: 0.5, no: 0.5 } }],
  ['fields out of schema order', { flags: ['f'], evidence: [{ end: 3, start: 1, quote: 'abc' }], label: 'yes', status: 'ok', confidence: 1 }],
  ['evidence with null offsets', { status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: null, end: null }] }],
  ['an abstention without evidence (defaulted)', { status: 'abstain', reason: 'unsure' }],
  ['an abstention with evidence and flags', { status: 'abstain', reason: 'mixed', evidence: [{ quote: 'q', start: 2, end: 3 }], flags: ['x'] }],
  ['an error with code and raw', { status: 'error', error: 'boom', code: 'E_X', raw: '{}' }],
];

const LEFT_TO_ZOD: [string, unknown][] = [
  ['an unknown key (zod strips it)', { status: 'ok', label: 'yes', evidence: [], extra: 1 }],
  ['confidence above 1', { status: 'ok', label: 'yes', evidence: [], confidence: 1.5 }],
  ['confidence NaN', { status: 'ok', label: 'yes', evidence: [], confidence: Number.NaN }],
  ['a fractional offset', { status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: 0.5, end: 1 }] }],
  ['a negative offset', { status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: -1, end: 1 }] }],
  ['a missing label', { status: 'ok', evidence: [] }],
  ['a non-string vote', { status: 'ok', label: 'yes', evidence: [], votes: [1] }],
  ['an infinite score', { status: 'ok', label: 'yes', evidence: [], scores: { yes: Number.POSITIVE_INFINITY } }],
  ['an unknown status', { status: 'maybe', label: 'yes' }],
  ['a class instance', new (class Verdict { status = 'ok'; label = 'yes'; evidence = [] })()],
  ['an array', [{ status: 'ok' }]],
  ['null', null],
  ['a string', 'ok'],
];

describe('plainVerdict', () => {
  test.each(ACCEPTED)('accepts %s exactly as zod parses it', (_name, input) => {
    const fast = plainVerdict(input);
    const parsed = VerdictSchema.safeParse(input);
    expect(parsed.success).toBe(true);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast?.data)).toBe(JSON.stringify(parsed.data));
  });

  test.each(LEFT_TO_ZOD)('leaves %s to zod', (_name, input) => {
    expect(plainVerdict(input)).toBeUndefined();
  });

  test('returns copies: the grader’s arrays are not shared with the recorded verdict', () => {
    const input = { status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: 0, end: 1 }], flags: ['f'] };
    const fast = plainVerdict(input);
    input.flags.push('later');
    input.evidence.push({ quote: 'later', start: 1, end: 2 });
    expect(fast?.data).toEqual({ status: 'ok', label: 'yes', evidence: [{ quote: 'q', start: 0, end: 1 }], flags: ['f'] });
  });
});
