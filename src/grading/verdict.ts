import { z } from 'zod';
import { TranscriptSourceSchema, type TranscriptSource } from '../transcript/schema.js';

/**
 * A grader's answer for one transcript. A failure is a result flagged as an error, never a label,
 * and an abstention is not a label either: statistics count both apart from the labels.
 */
const EvidenceSchema = z.object({
  quote: z.string(),
  /** Offsets into `transcript.text`; null when the quote could not be found there. */
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const VerdictSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    label: z.string(),
    evidence: z.array(EvidenceSchema),
    /** Share of votes for the label, or another probability-like score in [0, 1]. */
    confidence: z.number().min(0).max(1).optional(),
    reasoning: z.string().optional(),
    /** Every sampled label, when the grader votes. */
    votes: z.array(z.string()).optional(),
    /** Things a reader of the verdict must know: `unverifiedEvidence`, `promptInjection`, `emptyInput`, … */
    flags: z.array(z.string()).optional(),
    /** Per-label scores (e.g. vote shares or a probe's probability), for ROC analysis. */
    scores: z.record(z.string(), z.number()).optional(),
  }),
  z.object({
    status: z.literal('abstain'),
    reason: z.string(),
    evidence: z.array(EvidenceSchema).default([]),
    flags: z.array(z.string()).optional(),
  }),
  z.object({
    status: z.literal('error'),
    error: z.string(),
    code: z.string().optional(),
    /** What the grader got back, kept so the failure can be inspected. */
    raw: z.string().optional(),
  }),
]);
export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictInput = z.input<typeof VerdictSchema>;

/** Token accounting of the requests behind one verdict. */
const UsageRecordSchema = z.object({
  requests: z.number().int().nonnegative(),
  cachedResponses: z.number().int().nonnegative().default(0),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().nullable(),
});
export type UsageRecord = z.infer<typeof UsageRecordSchema>;

/** One line of a results file: one transcript × one grader. */
export const ResultRecordSchema = z.object({
  transcriptId: z.string(),
  grader: z.string(),
  rubric: z.string(),
  /** The verdict's label, or null for abstentions and errors (so every record has the field). */
  label: z.string().nullable(),
  status: z.enum(['ok', 'abstain', 'error']),
  evidence: z.array(EvidenceSchema),
  confidence: z.number().optional(),
  reasoning: z.string().optional(),
  votes: z.array(z.string()).optional(),
  scores: z.record(z.string(), z.number()).optional(),
  flags: z.array(z.string()).optional(),
  reason: z.string().optional(),
  error: z.string().optional(),
  code: z.string().optional(),
  raw: z.string().optional(),
  usage: UsageRecordSchema.optional(),
  source: TranscriptSourceSchema.optional(),
  gradedAt: z.string(),
});
export type ResultRecord = z.infer<typeof ResultRecordSchema>;

/** What a run counts of a record (the resume index, the summary, progress), without its evidence. */
export type RecordSummary = Pick<ResultRecord, 'transcriptId' | 'grader' | 'rubric' | 'status' | 'label' | 'flags' | 'usage' | 'code' | 'error'>;

/** A record's summary: what the run counts of it. */
export function recordSummaryOf(record: ResultRecord): RecordSummary {
  return withOptionalFields({ transcriptId: record.transcriptId, grader: record.grader, rubric: record.rubric, status: record.status, label: record.label }, record);
}

/**
 * `into` with the summary's optional fields that `from` has (flags, usage, code, error), set by
 * assignment: an object spread cost the thread writing a `--jobs` run's records a visible share.
 */
export function withOptionalFields<T extends Partial<RecordSummary>>(into: T, from: Pick<RecordSummary, 'flags' | 'usage' | 'code' | 'error'>): T {
  if (from.flags !== undefined) into.flags = from.flags;
  if (from.usage !== undefined) into.usage = from.usage;
  if (from.code !== undefined) into.code = from.code;
  if (from.error !== undefined) into.error = from.error;
  return into;
}

/** Where a verdict belongs: what a result record says besides the verdict. */
export interface RecordContext {
  transcriptId: string;
  grader: string;
  rubric: string;
  source?: TranscriptSource;
  usage?: UsageRecord;
  now?: Date;
}

export function resultRecord(verdict: Verdict, context: RecordContext): ResultRecord {
  // Built by assignment in a fixed key order rather than with object spreads or rest copies, which
  // V8 builds about 6× slower (13 µs vs 2 µs a record) and, on a long run, kept past young-generation
  // collections, so their garbage grew the peak memory with the input.
  const record: Partial<ResultRecord> = { transcriptId: context.transcriptId, grader: context.grader, rubric: context.rubric };
  if (context.source !== undefined) record.source = context.source;
  if (context.usage !== undefined) record.usage = context.usage;
  record.gradedAt = context.now === undefined ? nowIso() : context.now.toISOString();
  switch (verdict.status) {
    case 'ok':
      record.status = 'ok';
      record.label = verdict.label;
      record.evidence = verdict.evidence;
      if (verdict.confidence !== undefined) record.confidence = verdict.confidence;
      if (verdict.reasoning !== undefined) record.reasoning = verdict.reasoning;
      if (verdict.votes !== undefined) record.votes = verdict.votes;
      if (verdict.flags !== undefined) record.flags = verdict.flags;
      if (verdict.scores !== undefined) record.scores = verdict.scores;
      return record as ResultRecord;
    case 'abstain':
      record.status = 'abstain';
      record.label = null;
      record.evidence = verdict.evidence;
      record.reason = verdict.reason;
      if (verdict.flags) record.flags = verdict.flags;
      return record as ResultRecord;
    case 'error':
      record.status = 'error';
      record.label = null;
      record.evidence = [];
      record.error = verdict.error;
      if (verdict.code !== undefined) record.code = verdict.code;
      if (verdict.raw !== undefined) record.raw = verdict.raw;
      return record as ResultRecord;
  }
}

let lastMs = Number.NaN;
let lastIso = '';

/**
 * The current time as an ISO string, formatted once per millisecond: a heuristic pass writes many
 * records a millisecond, and a Date plus toISOString per record was a visible share of its cost.
 */
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
