import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { TgradeError } from '../errors.js';
import { readManifest, short, type ShardManifest } from './shard-manifest.js';
import { formatShard } from './shard-spec.js';

interface ShardFile {
  file: string;
  manifest: ShardManifest;
}

export interface ShardSet {
  /** The files in shard order, one per shard 1 … count. */
  files: ShardFile[];
  count: number;
  inputHash: string;
  input: string;
  /** Files whose run has not gone through its whole input (interrupted, still running, or `--limit`). */
  incomplete: ShardFile[];
}

/**
 * Checks that results files are the shards of one input, each once and none missing, before
 * anything is merged. Every problem is found (not just the first), so one message says all that
 * must change; any problem throws E_SHARD_MISMATCH, and `allowIncomplete` lets shards whose run
 * has not finished through.
 */
export function checkShardSet(resultsFiles: readonly string[], options: { allowIncomplete?: boolean } = {}): ShardSet {
  if (resultsFiles.length === 0) throw new TgradeError('E_SHARD_MISMATCH', 'no results files to merge: name every shard\'s results file');
  const problems: string[] = [];
  const files: ShardFile[] = [];
  for (const file of resultsFiles) {
    if (!existsSync(file)) {
      problems.push(`${file}: no such file`);
      continue;
    }
    const manifest = readManifest(file);
    if (manifest === null) problems.push(`${file}: not a shard's results file (it has no ${file}.shard.json, which \`tgrade label --shard i/n\` writes beside it)`);
    else files.push({ file, manifest });
  }

  // The input most files were made from is the one being merged; the others are reported as foreign.
  const byInput = groupBy(files, (entry) => `${entry.manifest.inputHash} ${entry.manifest.shard.count}`);
  const main = [...byInput.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const reference = main[0]?.manifest;
  for (const [key, group] of byInput) {
    if (reference === undefined || group === main) continue;
    const { inputHash, input, shard } = (group[0] as ShardFile).manifest;
    const names = group.map((entry) => entry.file).join(', ');
    if (key.startsWith(`${reference.inputHash} `)) {
      problems.push(`${names}: split into ${shard.count} shards, the others into ${reference.shard.count}; a merge needs every shard of one split (relabel with --shard i/${reference.shard.count})`);
    } else {
      problems.push(`${names}: a shard of another input (${input}, ${short(inputHash)}), not of ${reference.input} (${short(reference.inputHash)}); leave it out, or merge it with its own input's shards`);
    }
  }

  const byIndex = groupBy(main, (entry) => String(entry.manifest.shard.index));
  for (const group of byIndex.values()) {
    if (group.length < 2) continue;
    const sameFile = new Set(group.map((entry) => canonicalPath(entry.file))).size === 1;
    const what = sameFile ? 'is named more than once' : 'is in more than one file';
    problems.push(`shard ${formatShard((group[0] as ShardFile).manifest.shard)} ${what}: ${group.map((entry) => entry.file).join(', ')}; keep one (merging both would count its transcripts twice)`);
  }
  const count = reference?.shard.count ?? 0;
  const missing: number[] = [];
  for (let index = 1; index <= count; index += 1) if (!byIndex.has(String(index))) missing.push(index);
  if (missing.length > 0) {
    const listed = missing.slice(0, 20).map((index) => `${index}/${count}`).join(', ') + (missing.length > 20 ? `, … (${missing.length} in all)` : '');
    problems.push(`missing shard${missing.length === 1 ? '' : 's'} ${listed} of ${reference?.input ?? 'the input'}: label ${missing.length === 1 ? 'it' : 'them'} (tgrade label --shard i/${count}) and name every shard's results file`);
  }

  const ordered = [...byIndex.values()].map((group) => group[0] as ShardFile).sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  const incomplete = ordered.filter((entry) => entry.manifest.completedAt === undefined);
  if (incomplete.length > 0 && options.allowIncomplete !== true) {
    problems.push(
      `${incomplete.map((entry) => `shard ${formatShard(entry.manifest.shard)} (${entry.file})`).join(', ')}: the label run has not gone through the whole input (interrupted, still running, or --limit); rerun it with the same --shard to finish, or merge with --allow-incomplete`,
    );
  }
  const byGraders = groupBy(
    ordered.filter((entry) => entry.manifest.graders !== undefined),
    (entry) => (entry.manifest.graders ?? []).join(', '),
  );
  if (byGraders.size > 1 && options.allowIncomplete !== true) {
    const listed = [...byGraders].map(([graders, group]) => `${group.map((entry) => formatShard(entry.manifest.shard)).join(', ')}: ${graders === '' ? 'no grader' : graders}`);
    problems.push(`the shards were completed by different graders (${listed.join('; ')}), so some transcripts would lack a grader's verdict; rerun the short shards with the missing graders (an API key missing on one node skips its LLM graders), or merge with --allow-incomplete`);
  }
  if (problems.length > 0) {
    throw new TgradeError('E_SHARD_MISMATCH', `cannot merge:\n  ${problems.join('\n  ')}`, { details: { problems } });
  }
  const first = (ordered[0] as ShardFile).manifest;
  return { files: ordered, count, inputHash: first.inputHash, input: first.input, incomplete };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}
