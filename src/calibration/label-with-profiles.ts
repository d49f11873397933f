import { labelFileInBatches, type BatchLabelOptions, type BatchLabelResult } from '../batch/label-in-batches.js';
import { labelFile, type LabelFileOptions, type LabelFileResult } from '../label.js';
import type { CalibrationProfile } from './calibration-profile.js';
import type { ProfilePrevalence } from './profile-prevalence.js';
import { checkProfiles, prevalenceFromProfiles } from './run-prevalence.js';

/**
 * `tgrade label --profile` as a library call. Labeling knows nothing of calibration: this use case
 * checks the profiles against the run before anything is graded, labels, then reads the results
 * file once for the prevalence of each profiled grader's labels corrected for its measured error.
 */
export interface ProfilesOption {
  /** Calibration profiles: each adds the prevalence of its grader's labels corrected for measured error. */
  profiles?: readonly CalibrationProfile[];
}

export interface CorrectedPrevalenceResult {
  /** One per profile given. */
  correctedPrevalence?: ProfilePrevalence[];
}

export async function labelFileWithProfiles(options: LabelFileOptions & ProfilesOption): Promise<LabelFileResult & CorrectedPrevalenceResult> {
  const { profiles, ...labelOptions } = options;
  if (profiles !== undefined) checkProfiles(profiles, options.setup);
  const result = await labelFile(labelOptions);
  if (profiles === undefined || profiles.length === 0) return result;
  return { ...result, correctedPrevalence: await prevalenceFromProfiles(result.out, profiles, options.setup) };
}

/**
 * The same over batch mode. The prevalence comes only once the job is complete (every answer
 * collected): over a results file still missing the verdicts of pending batches it would be a
 * prevalence of the wrong sample.
 */
export async function labelFileInBatchesWithProfiles(options: BatchLabelOptions & ProfilesOption): Promise<BatchLabelResult & CorrectedPrevalenceResult> {
  const { profiles, ...labelOptions } = options;
  if (profiles !== undefined) checkProfiles(profiles, options.setup);
  const result = await labelFileInBatches(labelOptions);
  if (profiles === undefined || profiles.length === 0 || result.run.aborted) return result;
  return { ...result, correctedPrevalence: await prevalenceFromProfiles(result.out, profiles, options.setup) };
}
