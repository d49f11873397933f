import type { Setup } from '../config/setup.js';
import { TgradeError } from '../errors.js';
import { graderConfigHash, type CalibrationProfile } from './calibration-profile.js';
import { readFinalResults } from './final-results.js';
import { profilePrevalence, type ProfilePrevalence } from './profile-prevalence.js';

/** Throws before any grading when a profile names a grader or rubric the run does not have. */
export function checkProfiles(profiles: readonly CalibrationProfile[], setup: Pick<Setup, 'instances'>): void {
  for (const profile of profiles) {
    const instance = setup.instances.find((candidate) => candidate.name === profile.grader);
    if (instance === undefined) {
      throw new TgradeError(
        'E_PROFILE_INVALID',
        `the calibration profile is for grader "${profile.grader}", which is not in this run (graders: ${setup.instances.map((i) => i.name).join(', ')})`,
      );
    }
    if (instance.rubric.id !== profile.rubric) {
      throw new TgradeError('E_PROFILE_INVALID', `the calibration profile for "${profile.grader}" was measured on rubric "${profile.rubric}", but the grader now grades "${instance.rubric.id}"`);
    }
  }
}

/** The corrected prevalence of each profiled grader's labels in a results file. */
export async function prevalenceFromProfiles(resultsFile: string, profiles: readonly CalibrationProfile[], setup: Pick<Setup, 'instances'>): Promise<ProfilePrevalence[]> {
  const results = await readFinalResults(resultsFile, new Set(profiles.map((profile) => profile.grader)));
  return profiles.map((profile) => {
    const instance = setup.instances.find((candidate) => candidate.name === profile.grader);
    return profilePrevalence(profile, results.get(profile.grader)?.values() ?? [], {
      ...(instance === undefined ? {} : { graderConfigHash: graderConfigHash(instance) }),
    });
  });
}
