import { readFileSync } from 'node:fs';

/** Reads a file of ../shared/data (beside the repository, as in CI). */
export function readSharedJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../shared/data/${name}`, import.meta.url), 'utf8')) as T;
}
