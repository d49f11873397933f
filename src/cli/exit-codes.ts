import { isTgradeError, type ErrorCode } from '../errors.js';

/** 0 ok; 1 the run failed or a requested threshold was not met; 2 usage or config error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The exit code of each error code: 2 when the user's input or configuration is to fix (config,
 * rubric, plugin, grader name, gold set, ratings, profile), 1 when the run failed. A Record, so a
 * new error code without an exit code is a compile error rather than a silent default.
 */
const EXIT_CODE_OF: Record<ErrorCode, 1 | 2> = {
  E_INPUT_UNREADABLE: 1,
  E_INPUT_LINE: 1,
  E_RUBRIC_INVALID: 2,
  E_RUBRIC_UNKNOWN: 2,
  E_CONFIG_INVALID: 2,
  E_PLUGIN_LOAD: 2,
  E_PLUGIN_INVALID: 2,
  E_GRADER_UNKNOWN: 2,
  E_NOTHING_GRADED: 1,
  E_PROVIDER_AUTH: 1,
  E_PROVIDER_BAD_REQUEST: 1,
  E_PROVIDER_NOT_FOUND: 1,
  E_PROVIDER_RATE_LIMIT: 1,
  E_PROVIDER_OVERLOADED: 1,
  E_PROVIDER_SERVER: 1,
  E_PROVIDER_TIMEOUT: 1,
  E_PROVIDER_NETWORK: 1,
  E_PROVIDER_RESPONSE: 1,
  E_PROVIDER_UNAVAILABLE: 1,
  E_GOLD_SET_INVALID: 2,
  E_RATINGS_INVALID: 2,
  E_PROFILE_INVALID: 2,
  E_BATCH: 1,
  E_FILE_LOCKED: 1,
  E_REASONING_UNREAD: 1,
  E_AUDIT_INVALID: 2,
  E_MODEL_INVALID: 2,
  E_TRAINING_DATA: 2,
  E_ABORTED: 1,
  // A --shard (or the scheduler's variables) that names no shard is a usage error; results files
  // that do not fit together (another shard, another input, one missing or given twice) fail the run.
  E_SHARD_INVALID: 2,
  E_SHARD_MISMATCH: 1,
};

/** The exit code for an error that ended a command: its code's, or 1 for anything unexpected. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return isTgradeError(error) ? EXIT_CODE_OF[error.code] : EXIT.failed;
}
