import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { graderConfigHash, loadProfile } from '../calibration/calibration-profile.js';
import { readFinalResults } from '../calibration/final-results.js';
import { TgradeError } from '../errors.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import { rubricPartsOf, type RubricParts } from './rubric-parts.js';
import { summarizeResults, type GraderSummary } from '../summary/results-summary.js';
import { readTranscripts } from '../transcript/read-transcripts.js';
import type { Transcript } from '../transcript/schema.js';
import { flaggedItems, type FlaggedItem } from './flagged-items.js';
import { goldCalibration, type GoldCalibration } from './gold-calibration.js';
import { profilePrevalence, type ProfilePrevalence } from '../calibration/profile-prevalence.js';
import type { GraderInstance } from '../config/setup.js';
import { estimateAudit, type AuditEstimate } from '../audit/estimate.js';

/**
 * Everything a report shows, gathered once (all the I/O is here) so the HTML and Markdown
 * renderers are pure functions of this model.
 */
export interface ReportOptions {
  results: string;
  /** A gold set folder: its consensus is the reference for the calibration section and for disagreements. */
  gold?: string;
  /** An audit folder (`tgrade audit plan`, rated): its estimates become the report's audit section. */
  audit?: string;
  /** Calibration profiles (`tgrade calibrate`) for corrected prevalence. */
  profiles?: readonly string[];
  /**
   * The configured graders, to tell when a profile was measured on a grader configured differently,
   * and to find a learned grader's model (its training items are measured by out-of-fold scores).
   */
  instances?: readonly GraderInstance[];
  /** The folder a learned grader's relative model path resolves against (the config's); default `cwd`. */
  baseDir?: string;
  /** Where the transcripts are, besides the gold set and the files named in the results' `source`. */
  transcripts?: readonly string[];
  rubrics: ReadonlyMap<string, Rubric>;
  cwd?: string;
  /** At most this many flagged items are shown (the total is reported). Default 100. */
  maxFlagged?: number;
  resamples?: number;
  seed?: number;
  now?: Date;
}

export interface ReportPrevalence {
  /** The profile file, as given. */
  file: string;
  estimate: ProfilePrevalence;
}

export interface ReportFlaggedItem extends FlaggedItem {
  /** null when no transcript file at hand has the item. */
  transcript: Transcript | null;
  /** What each rubric behind the item's verdicts grades and shows as context. */
  rubricParts?: RubricParts[];
}

export interface ReportModel {
  resultsFile: string;
  generatedAt: string;
  summaries: GraderSummary[];
  prevalence: ReportPrevalence[];
  calibration: GoldCalibration | null;
  audit: AuditEstimate | null;
  flagged: ReportFlaggedItem[];
  flaggedTotal: number;
  /** True when any data shown is known to be synthetic (gold set, profile's gold set, transcripts). */
  synthetic: boolean;
  warnings: string[];
}

export async function buildReportModel(options: ReportOptions): Promise<ReportModel> {
  const cwd = options.cwd ?? process.cwd();
  const resultsFile = resolve(cwd, options.results);
  if (!isFile(resultsFile)) throw new TgradeError('E_INPUT_UNREADABLE', `cannot read ${options.results}: no such results file`);
  const statistics = { ...(options.resamples === undefined ? {} : { resamples: options.resamples }), ...(options.seed === undefined ? {} : { seed: options.seed }) };
  const warnings: string[] = [];

  const labelOrder = new Map([...options.rubrics.values()].map((rubric) => [rubric.id, labelNames(rubric)]));
  const summaries = await summarizeResults(resultsFile, labelOrder);
  const results = await readFinalResults(resultsFile);

  let calibration: GoldCalibration | null = null;
  if (options.gold !== undefined) {
    calibration = await goldCalibration({
      folder: resolve(cwd, options.gold),
      results,
      rubrics: options.rubrics,
      ...(options.instances === undefined ? {} : { instances: options.instances }),
      baseDir: options.baseDir ?? cwd,
      ...statistics,
    });
    warnings.push(...calibration.warnings);
  }

  const audit = options.audit === undefined ? null : await estimateAudit({ folder: resolve(cwd, options.audit) });
  if (audit !== null) warnings.push(...audit.warnings.map((warning) => `audit: ${warning}`));

  const prevalence: ReportPrevalence[] = [];
  for (const file of options.profiles ?? []) {
    const profile = await loadProfile(resolve(cwd, file));
    const records = results.get(profile.grader);
    if (records === undefined) warnings.push(`${file}: the profile is for grader "${profile.grader}", which has no records in ${options.results}`);
    const instance = options.instances?.find((candidate) => candidate.name === profile.grader);
    const estimate = profilePrevalence(profile, records?.values() ?? [], {
      ...(options.resamples === undefined ? {} : { bootstrap: { resamples: options.resamples, seed: options.seed ?? 1 } }),
      ...(instance === undefined ? {} : { graderConfigHash: graderConfigHash(instance) }),
    });
    if (estimate.configChanged) warnings.push(`${file}: grader "${profile.grader}" is configured differently from when the profile was measured; recalibrate before trusting the correction`);
    prevalence.push({ file, estimate });
  }

  const allFlagged = flaggedItems(results, calibration === null ? undefined : { rubric: calibration.rubric, consensus: calibration.consensus });
  const shown = allFlagged.slice(0, options.maxFlagged ?? 100);
  const sourceFiles = [...new Set([...results.values()].flatMap((records) => [...records.values()].flatMap((record) => (record.source === undefined ? [] : [record.source.file]))))];
  // A record's source is the path given to `tgrade label`: relative to where it ran, often beside the results.
  const candidates = [
    ...(options.transcripts ?? []).map((file) => resolve(cwd, file)),
    ...(calibration === null ? [] : [calibration.transcripts]),
    ...sourceFiles.flatMap((file) => [resolve(cwd, file), resolve(dirname(resultsFile), file)]),
  ];
  for (const file of options.transcripts ?? []) if (!isFile(resolve(cwd, file))) warnings.push(`--transcripts ${file}: no such file`);
  const transcripts = await findTranscripts(new Set(shown.map((item) => item.transcriptId)), candidates);
  const missing = shown.filter((item) => !transcripts.has(item.transcriptId)).length;
  if (missing > 0) warnings.push(`${missing} flagged transcript(s) not found in ${candidates.length === 0 ? 'any transcript file' : [...new Set(candidates)].join(', ')}; pass --transcripts <file>`);

  const synthetic =
    calibration?.synthetic === true || prevalence.some(({ estimate }) => estimate.synthetic) || [...transcripts.values()].some((transcript) => transcript.metadata['synthetic'] === true);
  return {
    resultsFile,
    generatedAt: (options.now ?? new Date()).toISOString(),
    summaries,
    prevalence,
    calibration,
    audit,
    flagged: shown.map((item) => ({ ...item, transcript: transcripts.get(item.transcriptId) ?? null, rubricParts: rubricPartsOf(item.records, options.rubrics) })),
    flaggedTotal: allFlagged.length,
    synthetic,
    warnings,
  };
}

/** The wanted transcripts from the first files that have them; unreadable files are passed over. */
async function findTranscripts(wanted: ReadonlySet<string>, files: readonly string[]): Promise<Map<string, Transcript>> {
  const found = new Map<string, Transcript>();
  for (const file of new Set(files)) {
    if (found.size === wanted.size) break;
    if (!isFile(file)) continue;
    for await (const entry of readTranscripts(file)) {
      if (entry.ok && wanted.has(entry.transcript.id) && !found.has(entry.transcript.id)) found.set(entry.transcript.id, entry.transcript);
    }
  }
  return found;
}

/** A file, or a folder of Inspect logs (whose ids carry the log's name, so only the folder finds them). */
function isFile(path: string): boolean {
  if (!existsSync(path)) return false;
  const stats = statSync(path);
  return stats.isFile() || stats.isDirectory();
}
