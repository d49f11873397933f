import type { Evidence, Verdict } from './verdict.js';

/**
 * A fast path in front of `VerdictSchema.safeParse` for the common case: a plain object holding
 * only the schema's own keys, each of the right type. It returns what zod would (a fresh object,
 * keys in schema order, arrays copied, `evidence` defaulted to [] on an abstention) and gives up
 * (undefined) on anything else, so zod still decides — and words the error for — every other input.
 * The schema check cost more than grading itself on a heuristic pass over many transcripts.
 */
export function plainVerdict(output: unknown): { success: true; data: Verdict } | undefined {
  if (!isPlainObject(output)) return undefined;
  switch (output['status']) {
    case 'ok':
      return okVerdict(output);
    case 'abstain':
      return abstainVerdict(output);
    case 'error':
      return errorVerdict(output);
    default:
      return undefined;
  }
}

const OK_KEYS = new Set(['status', 'label', 'evidence', 'confidence', 'reasoning', 'votes', 'flags', 'scores']);
const ABSTAIN_KEYS = new Set(['status', 'reason', 'evidence', 'flags']);
const ERROR_KEYS = new Set(['status', 'error', 'code', 'raw']);
const EVIDENCE_KEYS = new Set(['quote', 'start', 'end']);

function okVerdict(input: Record<string, unknown>): { success: true; data: Verdict } | undefined {
  if (!onlyKeys(input, OK_KEYS) || typeof input['label'] !== 'string') return undefined;
  const evidence = evidenceList(input['evidence']);
  if (evidence === undefined) return undefined;
  const verdict: Extract<Verdict, { status: 'ok' }> = { status: 'ok', label: input['label'], evidence };
  const { confidence, reasoning, votes, flags, scores } = input;
  if (confidence !== undefined) {
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return undefined;
    verdict.confidence = confidence;
  }
  if (reasoning !== undefined) {
    if (typeof reasoning !== 'string') return undefined;
    verdict.reasoning = reasoning;
  }
  if (votes !== undefined) {
    if (!isStringArray(votes)) return undefined;
    verdict.votes = [...votes];
  }
  if (flags !== undefined) {
    if (!isStringArray(flags)) return undefined;
    verdict.flags = [...flags];
  }
  if (scores !== undefined) {
    if (!isPlainObject(scores)) return undefined;
    const copy: Record<string, number> = {};
    for (const key of Object.keys(scores)) {
      const value = scores[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      copy[key] = value;
    }
    verdict.scores = copy;
  }
  return { success: true, data: verdict };
}

function abstainVerdict(input: Record<string, unknown>): { success: true; data: Verdict } | undefined {
  if (!onlyKeys(input, ABSTAIN_KEYS) || typeof input['reason'] !== 'string') return undefined;
  const evidence = input['evidence'] === undefined ? [] : evidenceList(input['evidence']);
  if (evidence === undefined) return undefined;
  const verdict: Extract<Verdict, { status: 'abstain' }> = { status: 'abstain', reason: input['reason'], evidence };
  const flags = input['flags'];
  if (flags !== undefined) {
    if (!isStringArray(flags)) return undefined;
    verdict.flags = [...flags];
  }
  return { success: true, data: verdict };
}

function errorVerdict(input: Record<string, unknown>): { success: true; data: Verdict } | undefined {
  if (!onlyKeys(input, ERROR_KEYS) || typeof input['error'] !== 'string') return undefined;
  const verdict: Extract<Verdict, { status: 'error' }> = { status: 'error', error: input['error'] };
  const { code, raw } = input;
  if (code !== undefined) {
    if (typeof code !== 'string') return undefined;
    verdict.code = code;
  }
  if (raw !== undefined) {
    if (typeof raw !== 'string') return undefined;
    verdict.raw = raw;
  }
  return { success: true, data: verdict };
}

function evidenceList(value: unknown): Evidence[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: Evidence[] = [];
  for (const item of value as unknown[]) {
    if (!isPlainObject(item) || !onlyKeys(item, EVIDENCE_KEYS)) return undefined;
    const { quote, start, end } = item;
    if (typeof quote !== 'string' || !isOffset(start) || !isOffset(end)) return undefined;
    list.push({ quote, start, end });
  }
  return list;
}

/** zod's `z.number().int().nonnegative().nullable()`: a safe integer ≥ 0, or null. */
function isOffset(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && (value as unknown[]).every((item) => typeof item === 'string');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Every own key is one the schema knows (zod would strip others: leave those to zod). */
function onlyKeys(value: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const key in value) if (!known.has(key)) return false;
  return true;
}
