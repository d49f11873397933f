import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-codes.js';
import { TgradeError } from '../../src/errors.js';

describe('exitCodeOf', () => {
  it.each(['E_CONFIG_INVALID', 'E_RUBRIC_UNKNOWN', 'E_PLUGIN_LOAD', 'E_GRADER_UNKNOWN', 'E_GOLD_SET_INVALID', 'E_RATINGS_INVALID', 'E_PROFILE_INVALID'] as const)(
    'gives 2 (input to fix) for %s',
    (code) => {
      expect(exitCodeOf(new TgradeError(code, 'x'))).toBe(2);
    },
  );

  it.each(['E_PROVIDER_AUTH', 'E_INPUT_UNREADABLE', 'E_BATCH', 'E_ABORTED'] as const)('gives 1 (the run failed) for %s', (code) => {
    expect(exitCodeOf(new TgradeError(code, 'x'))).toBe(1);
  });

  it('gives 1 for an error the library did not throw on purpose', () => {
    expect(exitCodeOf(new TypeError('bug'))).toBe(1);
  });
});
