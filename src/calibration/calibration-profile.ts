import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { GraderInstance } from '../config/setup.js';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { RaterKindSchema } from '../gold/gold-set.js';
import type { GraderEvaluation } from './grader-evaluation.js';
import { ReportedStatisticSchema } from './reported-statistic.js';

/**
 * A calibration profile: what a gold set measured about one grader instance, kept so a later run
 * of that grader can correct its label counts for the measured error (`tgrade label --profile`).
 * The config hash identifies the grader's id, options and LLM settings (never a key), so a run with
 * a changed grader is told that the profile no longer describes it.
 */
const Count = z.number().int().nonnegative();
const BinaryMatrixSchema = z.tuple([z.tuple([Count, Count]), z.tuple([Count, Count])]);

export const CalibrationProfileSchema = z
  .object({
    format: z.literal('tgrade-calibration-profile/1'),
    rubric: z.string().min(1),
    rubricVersion: z.string().optional(),
    /** The grader instance name its verdicts are recorded under. */
    grader: z.string().min(1),
    graderId: z.string().min(1),
    /** provider/model, for LLM graders. */
    llm: z.string().optional(),
    goldSet: z
      .object({
        folder: z.string(),
        items: Count,
        synthetic: z.boolean(),
        consensus: z.enum(['majority', 'adjudicated']),
        raters: z.array(z.object({ name: z.string(), kind: RaterKindSchema }).strict()),
        source: z.string().optional(),
        license: z.string().optional(),
      })
      .strict(),
    createdAt: z.iso.datetime(),
    graderConfigHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    labels: z.array(z.string().min(1)).min(2),
    /** confusionMatrix[reference][predicted], counts over the gold items the grader labelled. */
    confusionMatrix: z.array(z.array(Count)),
    /** Items in the confusion matrix. */
    n: Count,
    coverage: z.object({ items: Count, labelled: Count, abstained: Count, errors: Count, notGraded: Count, noConsensus: Count }).strict(),
    /** The binary view: these labels are positive. */
    positive: z.array(z.string()),
    /** [[TP, FN], [FP, TN]] of the grader's labels in the binary view. */
    binaryMatrix: BinaryMatrixSchema,
    sensitivity: ReportedStatisticSchema,
    specificity: ReportedStatisticSchema,
    threshold: z
      .object({
        value: z.number(),
        basis: z.enum(['max-kappa', 'target-precision']),
        targetPrecision: z.number().optional(),
        matrix: BinaryMatrixSchema,
        sensitivity: ReportedStatisticSchema,
        specificity: ReportedStatisticSchema,
        precision: ReportedStatisticSchema,
        kappa: z.number().nullable(),
      })
      .strict()
      .optional(),
    reducer: z.unknown().optional(),
    metrics: z
      .object({ accuracy: ReportedStatisticSchema, kappa: ReportedStatisticSchema, gwetAC1: ReportedStatisticSchema, macroF1: ReportedStatisticSchema, rocAuc: ReportedStatisticSchema })
      .strict(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const K = profile.labels.length;
    if (profile.confusionMatrix.length !== K || profile.confusionMatrix.some((row) => row.length !== K)) {
      ctx.addIssue({ code: 'custom', message: `must be ${K} × ${K}, one row and one column per label`, path: ['confusionMatrix'] });
      return;
    }
    const total = profile.confusionMatrix.flat().reduce((sum, count) => sum + count, 0);
    if (total !== profile.n) ctx.addIssue({ code: 'custom', message: `counts sum to ${total}, but n is ${profile.n}`, path: ['n'] });
    profile.positive.forEach((label, index) => {
      if (!profile.labels.includes(label)) ctx.addIssue({ code: 'custom', message: `"${label}" is not one of the labels`, path: ['positive', index] });
    });
  });
export type CalibrationProfile = z.infer<typeof CalibrationProfileSchema>;

/** sha256 of the grader's id, options and LLM settings in canonical JSON (sorted keys). */
export function graderConfigHash(instance: Pick<GraderInstance, 'grader' | 'options' | 'llm'>): string {
  const identity = { id: instance.grader.id, options: instance.options ?? {}, llm: instance.llm ?? null };
  return `sha256:${createHash('sha256').update(canonicalJson(identity)).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface ProfileContext {
  instance: GraderInstance;
  goldSet: CalibrationProfile['goldSet'];
  now?: Date;
}

export function buildProfile(evaluation: GraderEvaluation, { instance, goldSet, now }: ProfileContext): CalibrationProfile {
  const reducer = (instance.options as { reducer?: unknown } | undefined)?.reducer;
  const { coverage } = evaluation;
  const profile: CalibrationProfile = {
    format: 'tgrade-calibration-profile/1',
    rubric: instance.rubric.id,
    rubricVersion: instance.rubric.version,
    grader: instance.name,
    graderId: instance.grader.id,
    ...(instance.llm === undefined ? {} : { llm: `${instance.llm.provider}/${instance.llm.model}` }),
    goldSet,
    createdAt: (now ?? new Date()).toISOString(),
    graderConfigHash: graderConfigHash(instance),
    labels: evaluation.labels,
    confusionMatrix: evaluation.confusionMatrix,
    n: evaluation.n,
    coverage: {
      items: coverage.items,
      labelled: coverage.labelled,
      abstained: coverage.abstained,
      errors: coverage.errors,
      notGraded: coverage.notGraded,
      noConsensus: coverage.noConsensus,
    },
    positive: evaluation.positive,
    binaryMatrix: evaluation.binaryMatrix,
    sensitivity: evaluation.sensitivity,
    specificity: evaluation.specificity,
    ...(evaluation.threshold.value === null ? {} : { threshold: evaluation.threshold }),
    ...(reducer === undefined ? {} : { reducer }),
    metrics: {
      accuracy: evaluation.accuracy,
      kappa: evaluation.kappa,
      gwetAC1: evaluation.gwetAC1,
      macroF1: evaluation.macroF1,
      rocAuc: evaluation.rocAuc,
    },
  };
  return CalibrationProfileSchema.parse(profile);
}

/** `<dir>/<rubric>.<grader>.json`, with characters a file name cannot hold replaced. */
export function profilePath(dir: string, rubric: string, grader: string): string {
  const safe = (part: string) => part.replace(/[^\w.@-]/g, '_');
  return join(dir, `${safe(rubric)}.${safe(grader)}.json`);
}

/**
 * Writes a profile, unless the file already holds the same profile apart from `createdAt`: a
 * profile tracked in git is then not rewritten by a rerun that measured nothing new.
 */
export async function writeProfile(file: string, profile: CalibrationProfile): Promise<'written' | 'unchanged'> {
  const parsed = CalibrationProfileSchema.parse(profile);
  const existing = await readFile(file, 'utf8').then(
    (text) => text,
    () => null,
  );
  if (existing !== null && sameApartFromDate(existing, parsed)) return 'unchanged';
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(parsed, null, 2)}\n`);
  return 'written';
}

function sameApartFromDate(existingText: string, profile: CalibrationProfile): boolean {
  try {
    const existing = JSON.parse(existingText) as { createdAt?: unknown };
    return JSON.stringify({ ...existing, createdAt: null }) === JSON.stringify({ ...profile, createdAt: null });
  } catch {
    return false;
  }
}

export async function loadProfile(file: string): Promise<CalibrationProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TgradeError('E_PROFILE_INVALID', `cannot read the calibration profile ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TgradeError('E_PROFILE_INVALID', `${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = CalibrationProfileSchema.safeParse(data);
  if (!parsed.success) throw new TgradeError('E_PROFILE_INVALID', `${file}: not a calibration profile: ${describeIssues(parsed.error)}; write one with \`tgrade calibrate\``);
  return parsed.data;
}
