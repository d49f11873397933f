import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { TgradeError } from '../errors.js';
import { readLines } from '../transcript/jsonl-lines.js';
import { escapeControls } from '../quote-input.js';
import { manifestPath, readManifest } from './shard-manifest.js';
import { checkShardSet, type ShardSet } from './shard-set.js';
import { formatShard, shardOfId } from './shard-spec.js';

export interface MergeOptions {
  /** The shards' results files, in any order. */
  inputs: readonly string[];
  out: string;
  /** Merge even when a shard's run has not gone through its whole input. */
  allowIncomplete?: boolean;
}

/** A line of a shard's file that was not merged, and why. */
interface SkippedLine {
  file: string;
  line: number;
  message: string;
}

export interface MergeReport {
  out: string;
  input: string;
  inputHash: string;
  shards: number;
  files: { file: string; shard: string; records: number; completed: boolean }[];
  records: number;
  skipped: SkippedLine[];
}

const FLUSH_BYTES = 256 * 1024;
/** Records in the wrong shard are listed up to this many; the count is always given. */
const LISTED = 5;

/**
 * `tgrade merge`: joins the results files of every shard of one input into one results file that
 * any reader (and an unsharded resume) takes as if one run had written it. The shard set is checked
 * first (shard-set.ts); then every record is copied once, as its line was written, in shard order.
 * A record whose transcript hashes to another shard means the file was not written by that shard
 * alone — copying it could count a transcript twice — so the merge stops and names it. Lines that
 * are not records are skipped and reported the way the store reports them when it opens a file (a
 * torn last line, left by a kill mid-write, was never a finished verdict: a rerun of the shard
 * grades it). The output is written to a temporary file and renamed into place, so a failed merge
 * leaves nothing half-written.
 */
export async function mergeShardResults(options: MergeOptions): Promise<MergeReport> {
  const out = resolve(options.out);
  for (const input of options.inputs) {
    if (resolve(input) === out) throw new TgradeError('E_SHARD_MISMATCH', `-o ${options.out}: the merged file cannot be one of the shards' results files`);
  }
  if (readManifest(out) !== null) {
    throw new TgradeError('E_SHARD_MISMATCH', `-o ${options.out}: it is a shard's results file (it has ${manifestPath(out)}); write the merge to a new file`);
  }
  const set = checkShardSet(options.inputs, options.allowIncomplete === true ? { allowIncomplete: true } : {});
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.merge-tmp`;
  const fd = openSync(temporary, 'w');
  let committed = false;
  try {
    const report = await copyRecords(set, fd);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, out);
    committed = true;
    return { out, input: set.input, inputHash: set.inputHash, shards: set.count, ...report };
  } finally {
    if (!committed) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(temporary, { force: true });
    }
  }
}

async function copyRecords(set: ShardSet, fd: number): Promise<Pick<MergeReport, 'files' | 'records' | 'skipped'>> {
  const skipped: SkippedLine[] = [];
  const misplaced: string[] = [];
  let misplacedCount = 0;
  const files: MergeReport['files'] = [];
  const output = new BufferedWriter(fd);
  // A record without an id is named `<input as given>:<line>`: if the shards named the input by
  // different paths, such a transcript had a different id (so a different shard) in each run.
  const inputNames = new Set(set.files.map((entry) => entry.manifest.input));
  let unnamedIn: string | undefined;
  for (const { file, manifest } of set.files) {
    const shard = formatShard(manifest.shard);
    const endsWithNewline = lastByteIsNewline(file);
    let records = 0;
    let lastLine = 0;
    for await (const { line, text } of readLines(file)) {
      lastLine = line;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        // The last line is judged after the loop: torn, or only missing its newline.
        skipped.push({ file, line, message: 'not a JSON record; skipped' });
        continue;
      }
      const { transcriptId, grader } = (record ?? {}) as { transcriptId?: unknown; grader?: unknown };
      if (typeof transcriptId !== 'string' || typeof grader !== 'string') {
        skipped.push({ file, line, message: 'not a result record (no transcriptId and grader); skipped' });
        continue;
      }
      if (inputNames.size > 1 && unnamedIn === undefined && transcriptId.startsWith(`${manifest.input}:`) && /^\d+$/.test(transcriptId.slice(manifest.input.length + 1))) unnamedIn = `${file}:${line}`;
      const belongs = shardOfId(transcriptId, manifest.shard.count);
      if (belongs !== manifest.shard.index) {
        misplacedCount += 1;
        if (misplaced.length < LISTED) misplaced.push(`${file}:${line}: transcript ${JSON.stringify(escapeControls(transcriptId))} belongs to shard ${belongs}/${manifest.shard.count}, not ${shard}`);
        continue;
      }
      output.write(text);
      records += 1;
    }
    const last = skipped.at(-1);
    if (!endsWithNewline && last !== undefined && last.file === file && last.line === lastLine) {
      last.message = 'incomplete last record (the shard\'s run was interrupted mid-write); skipped — rerun the shard to grade it again';
    }
    files.push({ file, shard, records, completed: manifest.completedAt !== undefined });
  }
  output.flush();
  if (unnamedIn !== undefined) {
    throw new TgradeError(
      'E_SHARD_MISMATCH',
      `cannot merge: the input has records without an id (the first merged at ${unnamedIn}), which are named by the input's path and line, and the shards named the input differently (${[...inputNames].join(', ')}); such a record may be in two shards or in none. Label every shard with the input named by the same path (or give the records ids).`,
    );
  }
  if (misplacedCount > 0) {
    throw new TgradeError(
      'E_SHARD_MISMATCH',
      `cannot merge: ${misplacedCount} record(s) are in the results file of a shard they do not belong to, so the file was not written by that shard alone and merging could count them twice:\n  ${misplaced.join('\n  ')}${misplacedCount > LISTED ? `\n  … and ${misplacedCount - LISTED} more` : ''}\nRelabel the shard into a new file with tgrade label --shard.`,
    );
  }
  return { files, records: files.reduce((sum, entry) => sum + entry.records, 0), skipped };
}

function lastByteIsNewline(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Whole lines gathered into large writes (one write call per line cost more than the copying). */
class BufferedWriter {
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly fd: number) {}

  write(line: string): void {
    this.pending.push(line);
    this.pendingLength += line.length + 1;
    if (this.pendingLength >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(`${this.pending.join('\n')}\n`, 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
  }
}
