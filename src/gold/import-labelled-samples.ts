import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import type { RaterKind } from './gold-set.js';

/**
 * Imports a labelled-samples file — `{samples: [{text, label, id?}]}` or a bare array of such
 * samples, the shape published gold sets such as the alignment-faking one use — into a gold-set
 * folder in the project's own formats: transcripts.jsonl, ratings.jsonl and gold.yaml, with the
 * rater named for its source and the source and license recorded.
 */
const SampleSchema = z.looseObject({
  text: z.string(),
  label: z.union([z.string().min(1), z.number(), z.boolean()]).transform(String),
  id: z.union([z.string().min(1), z.number()]).transform(String).optional(),
});
const SamplesFileSchema = z.union([z.object({ samples: z.array(SampleSchema) }).loose(), z.array(SampleSchema)]);

export interface ImportSamplesOptions {
  input: string;
  /** The gold-set folder to create (or overwrite). */
  outDir: string;
  rubric: string;
  /** Who gave the labels, named for the source (e.g. "hughes-2025-annotators"). */
  rater: string;
  raterKind: RaterKind;
  source: string;
  license: string;
  description?: string;
  /** Item ids are `<idPrefix><index>` (zero-padded) unless the samples carry ids. */
  idPrefix?: string;
  /** Rename labels on the way in (`{"1": "potential_faking"}`); labels must be lower_snake_case. */
  labelMap?: Record<string, string>;
}

export interface ImportSummary {
  folder: string;
  items: number;
  labels: Record<string, number>;
}

export async function importLabelledSamples(options: ImportSamplesOptions): Promise<ImportSummary> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(options.input, 'utf8'));
  } catch (error) {
    throw new TgradeError('E_INPUT_UNREADABLE', `${options.input}: cannot read a JSON samples file (${(error as Error).message})`, { cause: error });
  }
  const parsed = SamplesFileSchema.safeParse(data);
  if (!parsed.success) throw new TgradeError('E_INPUT_LINE', `${options.input}: expected {samples: [{text, label}]} or [{text, label}]: ${describeIssues(parsed.error)}`);
  const samples = Array.isArray(parsed.data) ? parsed.data : parsed.data.samples;
  const width = String(samples.length - 1).length;
  const prefix = options.idPrefix ?? 'item-';

  const transcripts: string[] = [];
  const ratings: string[] = [];
  const counts: Record<string, number> = {};
  samples.forEach((sample, index) => {
    const id = sample.id ?? `${prefix}${String(index).padStart(width, '0')}`;
    const label = options.labelMap?.[sample.label] ?? sample.label;
    if (!/^[a-z][a-z0-9_]*$/.test(label)) {
      throw new TgradeError('E_INPUT_LINE', `${options.input}: sample ${index} has label "${label}"; map it to a lower_snake_case name with --label-map`);
    }
    counts[label] = (counts[label] ?? 0) + 1;
    transcripts.push(JSON.stringify({ id, text: sample.text, metadata: { sourceIndex: index } }));
    ratings.push(JSON.stringify({ item: id, rater: options.rater, label }));
  });

  const folder = resolve(options.outDir);
  await mkdir(folder, { recursive: true });
  const spec = {
    rubric: options.rubric,
    labels: Object.keys(counts).sort(),
    consensus: 'majority',
    description: options.description ?? `Imported from ${options.input} by tgrade import.`,
    source: options.source,
    license: options.license,
    raters: [{ name: options.rater, kind: options.raterKind }],
    synthetic: false,
  };
  await writeAtomically(join(folder, 'transcripts.jsonl'), `${transcripts.join('\n')}\n`);
  await writeAtomically(join(folder, 'ratings.jsonl'), `${ratings.join('\n')}\n`);
  await writeAtomically(join(folder, 'gold.yaml'), toYaml(spec));
  return { folder, items: samples.length, labels: counts };
}

export async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
