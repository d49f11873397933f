import { isTgradeError, type TgradeError } from '../../src/errors.js';

/** The TgradeError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<TgradeError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isTgradeError(error)) throw new Error(`expected a TgradeError, got ${String(error)}`);
  return error;
}
