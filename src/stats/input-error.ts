/**
 * What a statistic throws when its input cannot be measured (a label outside the label order, two
 * ratings by one rater of one item, vectors of different lengths): a RangeError, so the pure
 * statistics import nothing from the application. It carries the code the library's callers
 * branch on; errors.ts counts a RangeError with that code among the errors thrown on purpose.
 */
export class RatingsInputError extends RangeError {
  override readonly name = 'RatingsInputError';
  readonly code = 'E_RATINGS_INVALID';
  readonly details: Readonly<Record<string, unknown>> = {};
}
