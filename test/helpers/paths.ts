import { fileURLToPath } from 'node:url';

/** Absolute paths of the repository's own files, for tests that read them. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fromRoot = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const exampleRollouts = fromRoot('examples/rollouts/rollouts.jsonl');
export const shippedRubricsDir = fromRoot('rubrics');
export const foundationFixture = (path: string): string => fromRoot(`test/fixtures/foundation/${path}`);
