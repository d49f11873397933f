import { countRecords } from './count-records.js';
import { createProgressReporter, type ProgressMode, type ProgressOptions, type ProgressReporter } from './progress-reporter.js';

/**
 * A started progress reporter for a label run over `input`: the input's records are counted first
 * (a fast byte scan) so the bar and the lines can give a percentage and an ETA. A shard grades only
 * its share, which a byte scan cannot count (`wholeInput: false`): it shows counts without a total.
 */
export async function startLabelProgress(mode: ProgressMode, input: string, options: ProgressOptions & { wholeInput?: boolean }): Promise<ProgressReporter> {
  const reporter = createProgressReporter(mode, options);
  const total = mode === 'none' || options.wholeInput === false ? null : await countRecords(input).catch(() => null);
  reporter.start(total);
  return reporter;
}
