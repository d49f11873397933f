import { readFileSync } from 'node:fs';

/**
 * Reads a JSON fixture under test/fixtures/ (copies of the published data, with their sources in the README
 * beside them). Tests never read outside the repository: a fresh clone has nothing beside it.
 */
export function readFixtureJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}
