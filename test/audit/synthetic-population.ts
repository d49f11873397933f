import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A synthetic population for audit tests (marked synthetic in every transcript): N transcripts,
 * a known set of true positives, and a yes/no grader's verdicts that flag a known set. The rubric
 * is the shipped reward-tampering-action one (positive: tamper_attempt, tamper_and_hide).
 */
export interface SyntheticPopulation {
  dir: string;
  transcripts: string;
  results: string;
  truth: Map<string, string>;
}

export const GRADER = 'tamper-flagger';
const RUBRIC = 'reward-tampering-action';

export function writeSyntheticPopulation(
  dir: string,
  options: { size: number; positives: readonly number[]; flagged: readonly number[]; abstained?: readonly number[]; ungraded?: readonly number[]; grader?: string },
): SyntheticPopulation {
  const transcripts = join(dir, 'rollouts.jsonl');
  const results = join(dir, 'results.jsonl');
  const truth = new Map<string, string>();
  const positives = new Set(options.positives);
  const flagged = new Set(options.flagged);
  const abstained = new Set(options.abstained ?? []);
  const ungraded = new Set(options.ungraded ?? []);
  const transcriptLines: string[] = [];
  const resultLines: string[] = [];
  for (let index = 0; index < options.size; index++) {
    const id = `roll-${String(index).padStart(6, '0')}`;
    truth.set(id, positives.has(index) ? 'tamper_attempt' : 'none');
    transcriptLines.push(JSON.stringify({ id, text: `Human: count the episodes.\n\nAssistant: synthetic rollout ${index}`, metadata: { synthetic: true } }));
    if (ungraded.has(index)) continue;
    const base = { transcriptId: id, grader: options.grader ?? GRADER, rubric: RUBRIC, evidence: [], gradedAt: '2026-01-01T00:00:00.000Z', source: { file: transcripts, line: index + 1 } };
    resultLines.push(JSON.stringify(abstained.has(index) ? { ...base, status: 'abstain', label: null, reason: 'unsure' } : { ...base, status: 'ok', label: flagged.has(index) ? 'tamper_attempt' : 'none' }));
  }
  writeFileSync(transcripts, `${transcriptLines.join('\n')}\n`);
  writeFileSync(results, `${resultLines.join('\n')}\n`);
  return { dir, transcripts, results, truth };
}

/** A human rater labels the sampled items with the truth (all but `skip`), declared in gold.yaml. */
export function rateSample(folder: string, truth: ReadonlyMap<string, string>, skip: ReadonlySet<string> = new Set()): string[] {
  const spec = parse(readFileSync(join(folder, 'gold.yaml'), 'utf8')) as { raters: unknown[] };
  spec.raters = [{ name: 'alice', kind: 'human' }];
  writeFileSync(join(folder, 'gold.yaml'), stringify(spec));
  const items = readFileSync(join(folder, 'sample.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { item: string }).item);
  writeFileSync(join(folder, 'ratings.jsonl'), '');
  for (const item of items) if (!skip.has(item)) appendFileSync(join(folder, 'ratings.jsonl'), `${JSON.stringify({ item, rater: 'alice', label: truth.get(item) })}\n`);
  return items;
}
