/**
 * Per-attempt timeout when neither the request nor the config sets one. The SDKs default to 10
 * minutes; a grading call that has not answered in 2 is better retried than waited on.
 */
export const DEFAULT_TIMEOUT_MS = 120_000;
