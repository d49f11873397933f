import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed package's root (where `rubrics/` ships). Found by walking up from this module,
 * because the depth differs between the sources (src/config) and the build (dist/src/config).
 */
function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'transcript-grader') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('transcript-grader: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function builtinRubricsDir(): string {
  return join(packageRoot(), 'rubrics');
}
