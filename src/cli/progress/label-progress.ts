import { countRecords } from './count-records.js';
import { createProgressReporter, type ProgressMode, type ProgressOptions, type ProgressReporter } from './progress-reporter.js';

/**
 * A started progress reporter for a label run over `input`: the input's records are counted first
 * (a fast byte scan) so the bar and the lines can give a percentage and an ETA.
 */
export async function startLabelProgress(mode: ProgressMode, input: string, options: ProgressOptions): Promise<ProgressReporter> {
  const reporter = createProgressReporter(mode, options);
  const total = mode === 'none' ? null : await countRecords(input).catch(() => null);
  reporter.start(total);
  return reporter;
}
