import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFinalResults } from '../calibration/final-results.js';
import { TgradeError } from '../errors.js';
import type { ResultRecord } from '../grading/verdict.js';
import { readLines } from '../transcript/jsonl-lines.js';
import { inputKindOf } from '../transcript/input-kind.js';
import { normalizeRecord } from '../transcript/normalize.js';
import { readTranscripts } from '../transcript/read-transcripts.js';
import { populationItem, type PopulationItem } from './population.js';

/**
 * The population an audit is about, read from a results file: every transcript of `transcripts`
 * when given, else every transcript any grader of the results file has a record for; each with the
 * named grader's prediction (see population.ts).
 */
export interface Population {
  items: PopulationItem[];
  /** The grader's final records, by transcript id. */
  records: Map<string, ResultRecord>;
  /** Rubric ids found on the grader's records. */
  rubrics: string[];
  /** The transcript file each item was read from, by any grader's record. */
  sources: Map<string, string>;
}

export async function readPopulation(resultsFile: string, grader: string, transcriptsFile?: string): Promise<Population> {
  if (!existsSync(resultsFile)) throw new TgradeError('E_INPUT_UNREADABLE', `cannot read ${resultsFile}: no such results file`);
  const all = await readFinalResults(resultsFile);
  const records = all.get(grader);
  if (records === undefined || records.size === 0) {
    throw new TgradeError('E_AUDIT_INVALID', `${resultsFile}: no record from grader "${grader}" (graders there: ${[...all.keys()].join(', ') || 'none'}); name one with --grader`);
  }
  const ids = transcriptsFile === undefined ? new Set([...all.values()].flatMap((byItem) => [...byItem.keys()])) : new Set(await transcriptIdsOf(transcriptsFile));
  const items = [...ids].map((id) => populationItem(id, records.get(id)));
  const sources = new Map<string, string>();
  for (const byItem of all.values()) for (const [id, record] of byItem) if (record.source !== undefined && !sources.has(id)) sources.set(id, record.source.file);
  return { items, records, rubrics: [...new Set([...records.values()].map((record) => record.rubric))], sources };
}

async function transcriptIdsOf(file: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const { id } of transcriptLines(file)) ids.push(id);
  return ids;
}

/**
 * Each readable transcript of a file with its id, as a JSONL line: a JSONL file's own line, an
 * Inspect sample as the `{id, messages, metadata}` record it is read as. Unreadable ones are skipped
 * (the label run reported them).
 */
export async function* transcriptLines(file: string): AsyncGenerator<{ id: string; text: string }> {
  if ((await inputKindOf(file)).kind !== 'jsonl') {
    for await (const item of readTranscripts(file)) if (item.ok && item.record !== undefined) yield { id: item.transcript.id, text: JSON.stringify(item.record) };
    return;
  }
  for await (const { line, text } of readLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const normalized = normalizeRecord(value, { file, line });
    if (normalized.ok) yield { id: normalized.transcript.id, text };
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
