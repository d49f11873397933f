import { InvalidArgumentError } from 'commander';
import type { CalibrationProfile } from '../calibration/calibration-profile.js';
import { loadProfile } from '../calibration/calibration-profile.js';
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

// Option parsers and error mapping shared by several commands.

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}

export function positiveIntegerOrAuto(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : positiveInteger(value);
}

export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

export function proportion(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError('expected a number in (0, 1]');
  return parsed;
}

/**
 * A gold set, ratings file or profile that fails validation is the user's input to fix: exit 2
 * with the message (main maps only config/rubric/plugin/grader codes to 2 by itself).
 */
export async function withInputErrorsAsUsage(io: CliIO, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isTgradeError(error) || !['E_GOLD_SET_INVALID', 'E_RATINGS_INVALID', 'E_PROFILE_INVALID'].includes(error.code)) throw error;
    io.stderr(`tgrade: ${describeError(error)}\n`);
    io.exitCode = EXIT.usage;
  }
}
