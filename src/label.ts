import { stat } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { TgradeError } from './errors.js';
import type { Setup } from './config/setup.js';
import { gradersReadByOthers } from './grading/grader-instance.js';
import { runLabel, type LabelRunOptions, type LabelRunReport, type LlmForInstance } from './grading/run-label.js';
import { ResultsStore, type StoreRepair } from './store/results-store.js';
import type { GraderSummary } from './summary/results-summary.js';
import { ResultsTally } from './summary/results-tally.js';
import { inputUnreadable } from './transcript/jsonl-lines.js';
import type { InputProblem } from './transcript/read-transcripts.js';
import { labelNames } from './rubric/schema.js';
import { pickDefined } from './pick-defined.js';
import { startTranscriptPool, type StartedPool } from './label-pool.js';

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
  /**
   * Worker threads for the CPU-bound graders (`--jobs`; default 1: graded in this thread). Used when
   * no active grader calls an LLM and the setup came from loadSetup; the records are the same.
   */
  jobs?: number;
}

export interface LabelFileResult {
  out: string;
  run: LabelRunReport;
  summaries: GraderSummary[];
}

function startPoolFor(options: LabelFileOptions): StartedPool | undefined {
  if (options.jobs === undefined || options.jobs <= 1) return undefined;
  const { loadedWith, instances } = options.setup;
  if (loadedWith === undefined) {
    options.log?.('tgrade: --jobs needs a setup from loadSetup (worker threads load the same one); grading in this thread');
    return undefined;
  }
  if (instances.every((instance) => instance.llm !== undefined)) return undefined;
  return startTranscriptPool(loadedWith, options.jobs);
}

export function defaultResultsPath(input: string): string {
  const name = basename(resolve(input)).replace(/\.(jsonl?|eval)$/i, '');
  return join(dirname(resolve(input)), `${name}.results.jsonl`);
}

/** `tgrade label` as a library call: grade a transcripts file (JSONL, an Inspect log or a folder of logs) into a results file and summarize it. */
export async function labelFile(options: LabelFileOptions): Promise<LabelFileResult> {
  const out = resolve(options.out ?? defaultResultsPath(options.input));
  // Appending results to the transcripts would corrupt the input for every later run.
  if (out === resolve(options.input)) throw new TgradeError('E_CONFIG_INVALID', `--out ${options.out ?? out}: the results file cannot be the input file`);
  // Check the input before the results file is created, so a typo in its name leaves nothing behind.
  // (A folder is fine: it is read as a folder of Inspect logs, an eval set's log dir.)
  await stat(options.input).catch((error: unknown) => {
    throw inputUnreadable(options.input, error);
  });
  const gatedOn = gradersReadByOthers(options.setup.instances);
  // The summary is counted as records are read and written, not by reading the results file again.
  const tally = new ResultsTally();
  const { store, repairs, lockRecoveredFrom } = await ResultsStore.open(out, { trackLabelsOf: gatedOn, onRecord: (record, before) => tally.add(record, before) });
  if (lockRecoveredFrom !== undefined) options.log?.(`tgrade: ${out}: took over the lock of process ${lockRecoveredFrom.pid}, which is no longer running`);
  for (const repair of repairs) options.onRepair?.(repair);
  tally.countErrorCausesFromNow();
  let run: LabelRunReport;
  const pool = startPoolFor(options);
  try {
    run = await runLabel({
      ...(pool === undefined ? {} : { pool }),
      input: options.input,
      store,
      instances: options.setup.instances,
      concurrency: options.setup.config.concurrency,
      ...pickDefined(options, ['limit', 'llmFor', 'signal', 'onProblem', 'onRecord', 'onTranscriptDone', 'log']),
    });
  } finally {
    store.close();
    await pool?.close();
  }
  const labelOrder = new Map([...options.setup.rubrics.values()].map((rubric) => [rubric.id, labelNames(rubric)]));
  // The results file may hold graders this run did not select (`--graders X`): summarize only those that ran.
  const selected = new Set(options.setup.instances.map((instance) => instance.name));
  return { out, run, summaries: tally.summaries(labelOrder).filter((summary) => selected.has(summary.grader)) };
}
