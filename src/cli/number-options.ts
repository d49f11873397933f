import { InvalidArgumentError } from 'commander';

/** A commander parser for options that take a whole number ≥ 1 (`--limit`, `--concurrency`). */
export function positiveInteger(flag: string): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`${flag} takes a whole number of 1 or more, got "${value}"`);
    return number;
  };
}
