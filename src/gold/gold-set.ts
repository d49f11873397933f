import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { AuditBlockSchema } from './audit-block.js';

/**
 * A gold set is a folder: `transcripts.jsonl` (any input format), `ratings.jsonl` (ratings by
 * raters, see ratings-file.ts) and `gold.yaml` (this schema). Raters are declared with their kind,
 * so nothing written by a machine or by the developers is ever presented as a human rating.
 */
export const RaterKindSchema = z.enum(['human', 'illustrative', 'automated']);
export type RaterKind = z.infer<typeof RaterKindSchema>;

export const GoldSetSchema = z
  .object({
    rubric: z.string().min(1),
    /** Label order; defaults to the rubric's. */
    labels: z.array(z.string()).optional(),
    /** majority: the most frequent label, ties left unresolved; adjudicated: an adjudicated rating wins, else majority. */
    consensus: z.enum(['majority', 'adjudicated']).default('adjudicated'),
    /** The labels counted as positive in the binary view (sensitivity, specificity, ROC); default the rubric's `positive`. */
    positive: z.array(z.string()).min(1).optional(),
    description: z.string().optional(),
    /** Where the data came from, and under which license. */
    source: z.string().optional(),
    license: z.string().optional(),
    raters: z
      .array(z.object({ name: z.string().min(1), kind: RaterKindSchema, description: z.string().optional() }).strict())
      .default([]),
    /** The transcripts file (any accepted input: JSONL, an Inspect `.eval`/`.json` log, a folder of logs), relative to the folder. */
    transcripts: z.string().min(1).default('transcripts.jsonl'),
    /** True when the transcripts were written for the project rather than produced by a model. */
    synthetic: z.boolean().default(false),
    /** How the items were drawn from a larger population (`tgrade audit plan`); see audit-block.ts. */
    audit: AuditBlockSchema.optional(),
  })
  .strict();
export type GoldSetSpec = z.infer<typeof GoldSetSchema>;

export interface GoldSetPaths {
  folder: string;
  transcripts: string;
  ratings: string;
  spec: string;
}

export function goldSetPaths(folder: string): GoldSetPaths {
  const absolute = resolve(folder);
  return { folder: absolute, transcripts: join(absolute, 'transcripts.jsonl'), ratings: join(absolute, 'ratings.jsonl'), spec: join(absolute, 'gold.yaml') };
}

export async function loadGoldSetSpec(folder: string): Promise<{ spec: GoldSetSpec; paths: GoldSetPaths }> {
  const paths = goldSetPaths(folder);
  if (!existsSync(paths.spec)) throw new TgradeError('E_GOLD_SET_INVALID', `${folder}: a gold set folder needs gold.yaml`);
  let data: unknown;
  try {
    data = parseYaml(await readFile(paths.spec, 'utf8'));
  } catch (error) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const parsed = GoldSetSchema.safeParse(data);
  if (!parsed.success) throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: ${describeIssues(parsed.error)}`);
  // gold.yaml may name its transcripts (`transcripts: run.eval`); the default is transcripts.jsonl.
  paths.transcripts = resolve(paths.folder, parsed.data.transcripts);
  if (!existsSync(paths.transcripts)) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${folder}: a gold set folder needs ${parsed.data.transcripts}${parsed.data.transcripts === 'transcripts.jsonl' ? '' : ' (named by `transcripts:` in gold.yaml)'}`);
  }
  return { spec: parsed.data, paths };
}

/** The kind of a rater; undeclared raters are not assumed human. */
export function raterKind(spec: GoldSetSpec, rater: string): RaterKind | 'undeclared' {
  return spec.raters.find((declared) => declared.name === rater)?.kind ?? 'undeclared';
}
