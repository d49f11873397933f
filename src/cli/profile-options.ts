import type { CalibrationProfile } from '../calibration/calibration-profile.js';
import { loadProfile } from '../calibration/calibration-profile.js';
import { formatProfilePrevalence } from '../calibration/format-prevalence.js';
import type { ProfilePrevalence } from '../calibration/profile-prevalence.js';
import { checkProfiles } from '../calibration/run-prevalence.js';
import type { Setup } from '../config/setup.js';
import { describeError, isTgradeError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

/** `--profile <file>` of `tgrade label` and `tgrade batch collect`: repeatable. */
export const PROFILE_OPTION = {
  flags: '--profile <file>',
  description: 'calibration profile (from `tgrade calibrate`): add the prevalence corrected for its grader\'s measured error (repeatable)',
  collect: (file: string, previous: string[] = []) => [...previous, file],
} as const;

/**
 * The profiles named on the command line, checked against the run before anything is graded; null
 * (with the message printed and exit code 2 set) when one is unreadable or does not fit the run.
 */
export async function loadProfilesForRun(io: CliIO, files: readonly string[], setup: Pick<Setup, 'instances'>): Promise<CalibrationProfile[] | null> {
  try {
    const profiles = await Promise.all(files.map((file) => loadProfile(file)));
    checkProfiles(profiles, setup);
    return profiles;
  } catch (error) {
    if (!isTgradeError(error, 'E_PROFILE_INVALID')) throw error;
    io.stderr(`tgrade: ${describeError(error)}\n`);
    io.exitCode = EXIT.usage;
    return null;
  }
}

/** The `--json` field: absent rather than empty when no profile was given. */
export function correctedPrevalenceField(correctedPrevalence: ProfilePrevalence[] | undefined): { correctedPrevalence?: ProfilePrevalence[] } {
  return correctedPrevalence === undefined ? {} : { correctedPrevalence };
}

/** The text blocks printed after the label summary, each preceded by a blank line. */
export function correctedPrevalenceText(correctedPrevalence: ProfilePrevalence[] | undefined): string {
  return (correctedPrevalence ?? []).map((prevalence) => `\n\n${formatProfilePrevalence(prevalence)}`).join('');
}
