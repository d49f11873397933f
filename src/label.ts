import { stat } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { TgradeError } from './errors.js';
import type { Setup } from './config/setup.js';
import { runLabel, type LabelRunOptions, type LabelRunReport, type LlmForInstance } from './grading/run-label.js';
import { ResultsStore, type StoreRepair } from './store/results-store.js';
import type { GraderSummary } from './summary/results-summary.js';
import { ResultsTally } from './summary/results-tally.js';
import { inputUnreadable } from './transcript/jsonl-lines.js';
import type { InputProblem } from './transcript/read-transcripts.js';
import { labelNames } from './rubric/schema.js';
import type { CalibrationProfile } from './calibration/calibration-profile.js';
import type { ProfilePrevalence } from './calibration/profile-prevalence.js';
import { checkProfiles, prevalenceFromProfiles } from './calibration/run-prevalence.js';

export interface LabelFileOptions {
  setup: Setup;
  input: string;
  /** Results file; default `<input>.results.jsonl` beside the input. */
  out?: string;
  llmFor?: LlmForInstance;
  signal?: AbortSignal;
  onProblem?: (problem: InputProblem) => void;
  onRepair?: (repair: StoreRepair) => void;
  onRecord?: LabelRunOptions['onRecord'];
  onTranscriptDone?: LabelRunOptions['onTranscriptDone'];
  log?: (message: string) => void;
  /** Grade only the first n transcripts (`--limit`). */
  limit?: number;
  /** Calibration profiles: each adds the prevalence of its grader's labels corrected for measured error. */
  profiles?: readonly CalibrationProfile[];
}

export interface LabelFileResult {
  out: string;
  run: LabelRunReport;
  summaries: GraderSummary[];
  /** One per profile given. */
  correctedPrevalence?: ProfilePrevalence[];
}

export function defaultResultsPath(input: string): string {
  const name = basename(resolve(input)).replace(/\.(jsonl?|eval)$/i, '');
  return join(dirname(resolve(input)), `${name}.results.jsonl`);
}

/** `tgrade label` as a library call: grade a JSONL file into a results file and summarize it. */
export async function labelFile(options: LabelFileOptions): Promise<LabelFileResult> {
  const out = resolve(options.out ?? defaultResultsPath(options.input));
  // Appending results to the transcripts would corrupt the input for every later run.
  if (out === resolve(options.input)) throw new TgradeError('E_CONFIG_INVALID', `--out ${options.out ?? out}: the results file cannot be the input file`);
  if (options.profiles !== undefined) checkProfiles(options.profiles, options.setup);
  // Check the input before the results file is created, so a typo in its name leaves nothing behind.
  const input = await stat(options.input).catch((error: unknown) => {
    throw inputUnreadable(options.input, error);
  });
  // A folder is read as a folder of Inspect logs (an eval set's log dir).
  void input;
  const gatedOn = options.setup.instances.flatMap((instance) => (instance.gate === undefined ? [] : [instance.gate.grader]));
  // The summary is counted as records are read and written, not by reading the results file again.
  const tally = new ResultsTally();
  const { store, repairs } = await ResultsStore.open(out, { trackLabelsOf: gatedOn, onRecord: (record, before) => tally.add(record, before) });
  for (const repair of repairs) options.onRepair?.(repair);
  let run: LabelRunReport;
  try {
    run = await runLabel({
      input: options.input,
      store,
      instances: options.setup.instances,
      concurrency: options.setup.config.concurrency,
      ...pick(options, ['limit', 'llmFor', 'signal', 'onProblem', 'onRecord', 'onTranscriptDone', 'log']),
    });
  } finally {
    store.close();
  }
  const labelOrder = new Map([...options.setup.rubrics.values()].map((rubric) => [rubric.id, labelNames(rubric)]));
  const summaries = tally.summaries(labelOrder);
  if (options.profiles === undefined || options.profiles.length === 0) return { out, run, summaries };
  return { out, run, summaries, correctedPrevalence: await prevalenceFromProfiles(out, options.profiles, options.setup) };
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
