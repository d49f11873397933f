import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { goldSetPaths, type GoldSetSpec } from '../gold/gold-set.js';
import { TgradeError } from '../errors.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import type { AuditBlock, AuditDesign } from '../gold/audit-block.js';
import { planDesign, type PlannedAudit } from './plan-design.js';
import { readPopulation, sha256Of, transcriptLines } from './population-file.js';

/** `tgrade audit plan` as a library call: draw the items people will label and write a gold-set folder. */
export interface AuditPlanOptions {
  results: string;
  grader: string;
  rubric: Rubric;
  budget: number;
  out: string;
  design?: AuditDesign;
  seed?: number;
  transcripts?: string;
  expectedMissRate?: number;
}

export interface AuditPlanResult extends PlannedAudit {
  folder: string;
  population: number;
  block: AuditBlock;
}

export async function writeAuditPlan(options: AuditPlanOptions): Promise<AuditPlanResult> {
  const folder = resolve(options.out);
  const paths = goldSetPaths(folder);
  for (const existing of [paths.spec, paths.ratings]) {
    if (existsSync(existing)) throw new TgradeError('E_AUDIT_INVALID', `${existing} exists: an audit plan never overwrites a gold set; choose another --out`);
  }
  const positive = options.rubric.positive;
  if (positive.length === 0) throw new TgradeError('E_AUDIT_INVALID', `rubric "${options.rubric.id}" names no \`positive\` label, so there is nothing to count; add \`positive:\` to its frontmatter`);
  const population = await readPopulation(options.results, options.grader, options.transcripts);
  const foreign = population.rubrics.filter((rubric) => rubric !== options.rubric.id);
  if (foreign.length > 0) throw new TgradeError('E_AUDIT_INVALID', `${options.results}: grader "${options.grader}" graded rubric ${foreign.join(', ')}, not "${options.rubric.id}"; pass the grader's rubric with --rubric`);
  const labels = labelNames(options.rubric);
  const unknown = [...new Set(population.items.flatMap((item) => (item.label !== null && !labels.includes(item.label) ? [item.label] : [])))];
  if (unknown.length > 0) throw new TgradeError('E_AUDIT_INVALID', `${options.results}: grader "${options.grader}" used label(s) ${unknown.join(', ')} outside rubric "${options.rubric.id}" (${labels.join(', ')})`);
  const design = options.design ?? 'stratified';
  const seed = options.seed ?? 1;
  const planned = planDesign(population.items, {
    design,
    budget: options.budget,
    seed,
    positive: new Set(positive),
    ...(options.expectedMissRate === undefined ? {} : { expectedMissRate: options.expectedMissRate }),
  });

  const transcripts = await sampledTranscripts(planned, population.sources, options);
  const block: AuditBlock = {
    design,
    seed,
    budget: options.budget,
    population: population.items.length,
    results: { file: pathFrom(folder, options.results), sha256: await sha256Of(options.results) },
    ...(options.transcripts === undefined ? {} : { transcripts: { file: pathFrom(folder, options.transcripts), sha256: await sha256Of(options.transcripts) } }),
    grader: options.grader,
    positive: [...positive],
    strata: planned.strata.map((stratum) => ({ name: stratum.name, size: stratum.size, sample: stratum.sample, flagged: stratum.flagged, expectedRate: stratum.expectedRate })),
  };
  const spec: Omit<GoldSetSpec, 'synthetic'> & { synthetic?: boolean } = {
    rubric: options.rubric.id,
    labels,
    consensus: 'adjudicated',
    positive: [...positive],
    transcripts: 'transcripts.jsonl',
    description: `Audit of ${options.grader} on ${population.items.length} transcripts: ${planned.sample.length} drawn by a ${design} design (seed ${seed}). Add yourself to raters (kind: human) and label them with tgrade annotate; then run tgrade audit estimate on this folder.`,
    raters: [],
    audit: block,
  };
  await mkdir(folder, { recursive: true });
  await writeFile(paths.transcripts, transcripts.map((text) => `${text}\n`).join(''));
  await writeFile(join(folder, 'sample.jsonl'), planned.sample.map((drawn) => `${JSON.stringify(drawn)}\n`).join(''));
  await writeFile(paths.spec, toYaml(spec));
  return { ...planned, folder, population: population.items.length, block };
}

/** The sampled transcripts' lines, in sample order, from --transcripts or the files the results name. */
async function sampledTranscripts(planned: PlannedAudit, sources: ReadonlyMap<string, string>, options: AuditPlanOptions): Promise<string[]> {
  const wanted = new Set(planned.sample.map((drawn) => drawn.item));
  const found = new Map<string, string>();
  const files = options.transcripts !== undefined ? [options.transcripts] : [...new Set([...wanted].flatMap((item) => (sources.has(item) ? [sources.get(item)!] : [])))];
  for (const file of files) {
    const candidates = [resolve(file), resolve(dirname(options.results), file)];
    const path = candidates.find((candidate) => existsSync(candidate));
    if (path === undefined) continue;
    for await (const { id, text } of transcriptLines(path)) if (wanted.has(id) && !found.has(id)) found.set(id, text);
  }
  const missing = [...wanted].filter((item) => !found.has(item));
  if (missing.length > 0) {
    throw new TgradeError('E_AUDIT_INVALID', `${missing.length} sampled transcript(s) not found in ${files.join(', ') || 'the files the results name'} (e.g. ${missing.slice(0, 3).join(', ')}); pass the transcripts file with --transcripts`);
  }
  return planned.sample.map((drawn) => found.get(drawn.item)!);
}

function pathFrom(folder: string, file: string): string {
  const path = relative(folder, resolve(file));
  return isAbsolute(path) ? path : path.split('\\').join('/');
}
