import { TgradeError, isTgradeError } from '../errors.js';

/**
 * An LLM request postponed rather than answered: batch mode and dry runs hand graders an LLM that
 * collects requests instead of sending them. The grade that asked is not recorded (it is neither a
 * label nor an error); it runs again once the answers are in.
 */
export function deferredRequest(message = 'the request was queued for a batch; its answer is not in yet'): TgradeError {
  return new TgradeError('E_BATCH', message, { details: { deferred: true, retryable: false } });
}

export function isDeferredRequest(error: unknown): boolean {
  return isTgradeError(error, 'E_BATCH') && error.details['deferred'] === true;
}
