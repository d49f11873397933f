import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { formatShard, type ShardSpec } from './shard-spec.js';

/**
 * What a sharded results file covers, kept in a sidecar `<results>.shard.json` rather than in the
 * records, so the results file stays exactly what every reader (summary, report, calibrate,
 * export, a resumed run) already reads, and a record costs no extra bytes. The sidecar is written
 * once, before the first record, and checked on every resume: a results file only ever holds the
 * records of one shard of one input, which is what lets `tgrade merge` join shards exactly once.
 */
const ManifestSchema = z.object({
  format: z.literal('tgrade-shard/1'),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).refine((shard) => shard.index <= shard.count, 'index above count'),
  /** `sha256:<hex>` of the input (input-hash.ts). */
  inputHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The input as the run named it (for messages; the hash is the identity). */
  input: z.string(),
  /** When a run went through the whole input without being interrupted (absent until then). */
  completedAt: z.string().optional(),
  /** The graders that went through the whole input in the completed runs on this file, sorted. */
  graders: z.array(z.string()).optional(),
});
export type ShardManifest = z.infer<typeof ManifestSchema>;

export function manifestPath(resultsFile: string): string {
  return `${resultsFile}.shard.json`;
}

/** The sidecar of a results file, or null when it has none; a sidecar that does not parse is an error naming it. */
export function readManifest(resultsFile: string): ShardManifest | null {
  const path = manifestPath(resultsFile);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TgradeError('E_SHARD_MISMATCH', `${path}: not valid JSON (${(error as Error).message}); it records which shard ${resultsFile} holds — restore it, or relabel that shard into a new file`, { details: { file: path } });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TgradeError('E_SHARD_MISMATCH', `${path}: not a tgrade shard record (${issue?.message ?? 'invalid'} at ${issue?.path.join('.') || 'top level'}); restore it, or relabel that shard into a new file`, { details: { file: path } });
  }
  return parsed.data;
}

/** Written whole or not at all (a temporary file renamed over it), so no reader sees half of one. */
export function writeManifest(resultsFile: string, manifest: ShardManifest): void {
  const path = manifestPath(resultsFile);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, path);
}

export interface ShardRun {
  spec: ShardSpec;
  inputHash: string;
  input: string;
}

/**
 * Before a label run appends to `resultsFile`: a sharded run needs the file to be new or to hold
 * the same shard of the same input; an unsharded run needs a file that is not a shard's. Throws
 * E_SHARD_MISMATCH saying what the file holds and what to do; returns the manifest to write (null
 * for an unsharded run).
 */
export function checkResultsFileForRun(resultsFile: string, run: ShardRun | null): ShardManifest | null {
  const existing = readManifest(resultsFile);
  if (run === null) {
    if (existing !== null) {
      throw new TgradeError('E_SHARD_MISMATCH', `${resultsFile} holds shard ${formatShard(existing.shard)} of ${existing.input}; resume it with --shard ${formatShard(existing.shard)}, or write this run to another --out`, { details: { file: resultsFile } });
    }
    return null;
  }
  const wanted = formatShard(run.spec);
  if (existing === null) {
    if (holdsRecords(resultsFile)) {
      throw new TgradeError('E_SHARD_MISMATCH', `${resultsFile} already holds results of an unsharded run; write shard ${wanted} to another --out (a shard's file must hold that shard only, or merge would count transcripts twice)`, { details: { file: resultsFile } });
    }
    return { format: 'tgrade-shard/1', shard: run.spec, inputHash: run.inputHash, input: run.input };
  }
  const held = formatShard(existing.shard);
  if (held !== wanted) {
    throw new TgradeError('E_SHARD_MISMATCH', `${resultsFile} holds shard ${held}, not ${wanted}; resume it with --shard ${held}, or write shard ${wanted} to another --out`, { details: { file: resultsFile } });
  }
  if (existing.inputHash !== run.inputHash) {
    throw new TgradeError('E_SHARD_MISMATCH', `${resultsFile} holds shard ${held} of another input (${existing.input}, ${short(existing.inputHash)}); ${run.input} is ${short(run.inputHash)}. Write this run to another --out, or label the input the file was made from`, { details: { file: resultsFile } });
  }
  return existing;
}

function holdsRecords(resultsFile: string): boolean {
  return existsSync(resultsFile) && statSync(resultsFile).size > 0;
}

export function short(inputHash: string): string {
  return inputHash.slice(0, 'sha256:'.length + 12);
}
