/**
 * Every error the library throws on purpose is a TgradeError with a stable `code`, so the CLI can
 * map it to an exit code and a one-line message, and callers can branch on it without parsing text.
 */
export type ErrorCode =
  | 'E_INPUT_UNREADABLE'
  | 'E_INPUT_LINE'
  | 'E_REASONING_UNREAD'
  | 'E_RUBRIC_INVALID'
  | 'E_RUBRIC_UNKNOWN'
  | 'E_CONFIG_INVALID'
  | 'E_PLUGIN_LOAD'
  | 'E_PLUGIN_INVALID'
  | 'E_GRADER_UNKNOWN'
  | 'E_NOTHING_GRADED'
  | 'E_PROVIDER_AUTH'
  | 'E_PROVIDER_BAD_REQUEST'
  | 'E_PROVIDER_NOT_FOUND'
  | 'E_PROVIDER_RATE_LIMIT'
  | 'E_PROVIDER_OVERLOADED'
  | 'E_PROVIDER_SERVER'
  | 'E_PROVIDER_TIMEOUT'
  | 'E_PROVIDER_NETWORK'
  | 'E_PROVIDER_RESPONSE'
  | 'E_PROVIDER_UNAVAILABLE'
  | 'E_GOLD_SET_INVALID'
  | 'E_RATINGS_INVALID'
  | 'E_PROFILE_INVALID'
  | 'E_AUDIT_INVALID'
  | 'E_BATCH'
  | 'E_FILE_LOCKED'
  | 'E_MODEL_INVALID'
  | 'E_TRAINING_DATA'
  | 'E_ABORTED'
  | 'E_SHARD_INVALID'
  | 'E_SHARD_MISMATCH';

const ERROR_CODES = new Set<ErrorCode>(['E_RATINGS_INVALID']);

export class TgradeError extends Error {
  override readonly name = 'TgradeError';
  readonly code: ErrorCode;
  /** Extra facts for logs and results (file, line, status); never secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * True for an error the library threw on purpose: a TgradeError, or a RangeError carrying an error
 * code (the pure statistics throw `RatingsInputError`, a RangeError with code E_RATINGS_INVALID, so
 * that they import nothing from here).
 */
export function isTgradeError(error: unknown, code?: ErrorCode): error is TgradeError {
  const coded = error instanceof TgradeError || (error instanceof RangeError && ERROR_CODES.has((error as { code?: unknown }).code as ErrorCode));
  return coded && (code === undefined || (error as TgradeError).code === code);
}

/** A message fit for one line of CLI output, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
