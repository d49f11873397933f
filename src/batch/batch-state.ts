import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';

/**
 * What a batch job must remember to survive its process (or machine): the provider batch ids, their
 * status, and the requests that failed. Written whole to a temporary file and renamed, so a crash
 * leaves the old state or the new one. Which request went into which batch is in the request log
 * beside it (request-log.ts), appended to rather than rewritten.
 */
const BATCH_PROVIDERS = ['anthropic', 'openai'] as const;
export type BatchProvider = (typeof BATCH_PROVIDERS)[number];

const CountsSchema = z.object({
  succeeded: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
  expired: z.number().int().nonnegative(),
  canceled: z.number().int().nonnegative(),
  processing: z.number().int().nonnegative(),
});
export type BatchCounts = z.infer<typeof CountsSchema>;

const BatchEntrySchema = z.object({
  /** The provider's batch id (msgbatch_…, batch_…). */
  id: z.string().min(1),
  provider: z.enum(BATCH_PROVIDERS),
  model: z.string(),
  /** Server and key variable as configured (the key itself is never stored). */
  baseURL: z.string().optional(),
  apiKeyEnv: z.string().optional(),
  /** OpenAI: the uploaded JSONL file. */
  inputFileId: z.string().optional(),
  requests: z.number().int().positive(),
  /** submitted → ended (the provider finished) → collected (answers are in the cache / errors below). */
  status: z.enum(['submitted', 'ended', 'collected']),
  /** The provider's own word for it: in_progress, ended, validating, completed, expired, … */
  providerStatus: z.string(),
  counts: CountsSchema.optional(),
  /** Why the batch failed as a whole (then every request in it is recorded as an error). */
  failure: z.string().optional(),
  submittedAt: z.string(),
  endedAt: z.string().optional(),
  collectedAt: z.string().optional(),
});
export type BatchEntry = z.infer<typeof BatchEntrySchema>;

const RequestEntrySchema = z.object({
  batch: z.string(),
  grader: z.string(),
  sample: z.number().int().nonnegative(),
  /** sha256 (first 16 hex digits) of the request's messages: matches a transcript without holding it. */
  prompt: z.string(),
});

const RequestErrorSchema = z.object({ code: z.string(), message: z.string() });

export const BatchStateSchema = z.object({
  version: z.literal(1),
  input: z.string(),
  results: z.string(),
  /** `--graders` of the run that started the job, so `tgrade batch collect` runs the same ones. */
  graders: z.array(z.string()).optional(),
  createdAt: z.string(),
  /** Set when a pass found nothing left to ask: the next `--batch` run starts a new job. */
  completedAt: z.string().optional(),
  rounds: z.number().int().nonnegative(),
  batches: z.array(BatchEntrySchema),
  /**
   * Earlier versions kept every request here (custom_id → where it came from); a job saved so is
   * moved to the request log (request-log.ts) when it resumes.
   */
  requests: z.record(z.string(), RequestEntrySchema).optional(),
  /** custom_id → the provider's per-request failure, recorded on the verdict like a live error. */
  errors: z.record(z.string(), RequestErrorSchema),
});
export type BatchState = z.infer<typeof BatchStateSchema>;

/** `rollouts.results.jsonl` → `rollouts.results.batches.json`. */
export function batchStatePath(resultsFile: string): string {
  return `${resultsFile.replace(/\.jsonl?$/i, '')}.batches.json`;
}

export function newBatchState(input: string, results: string, graders?: readonly string[]): BatchState {
  return {
    version: 1,
    input,
    results,
    ...(graders === undefined || graders.length === 0 ? {} : { graders: [...graders] }),
    createdAt: new Date().toISOString(),
    rounds: 0,
    batches: [],
    errors: {},
  };
}

/** The saved state, or null when there is none. */
export async function loadBatchState(file: string): Promise<BatchState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TgradeError('E_BATCH', `cannot read the batch state ${file}: ${(error as Error).message}`, { cause: error, details: { file } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TgradeError('E_BATCH', `${file} is not valid JSON (${(error as Error).message}); it is the batch job's state — restore it or delete it to start over`, {
      cause: error,
      details: { file },
    });
  }
  const parsed = BatchStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new TgradeError('E_BATCH', `${file} is not a batch state this version understands: ${describeIssues(parsed.error)}`, { details: { file } });
  }
  return parsed.data;
}

/** Replaces the state file in one rename: readers see the old state or the new, never half. */
export async function saveBatchState(file: string, state: BatchState): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(state)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
