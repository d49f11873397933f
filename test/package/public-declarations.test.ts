import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { fromRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The published type declarations must type-check for a consumer who does not skip library checks:
 * `dist` laid out as npm installs it (the package's .d.ts files and package.json, its runtime
 * dependencies beside it, no devDependencies), a consumer file importing both entry points, and tsc
 * with `skipLibCheck: false`. Node's own types (@types/node) are the consumer's, as for any Node library.
 */
const packageJson = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; exports: Record<string, { types?: string }> };

beforeAll(() => {
  if (!existsSync(fromRoot('dist/src/index.d.ts'))) throw new Error('run `npm run build` first: the declarations are checked as published');
});

/** Bare module specifiers imported (or re-exported) by the declarations reachable from the package's exports. */
function declarationImports(): Map<string, string> {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const queue = Object.values(packageJson.exports).flatMap((entry) => (entry.types === undefined ? [] : [fromRoot(entry.types)]));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const [, specifier] of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      if (specifier!.startsWith('.')) queue.push(resolve(dirname(file), specifier!.replace(/\.js$/, '.d.ts')));
      else if (!bare.has(specifier!)) bare.set(specifier!, file);
    }
  }
  return bare;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('the published type declarations', () => {
  test('name no module whose types come from a devDependency (e.g. @types/cli-progress)', () => {
    const devOnly: string[] = [];
    for (const [specifier, file] of declarationImports()) {
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = packageName(specifier);
      // The built-in graders import the package's own entry points (transcript-grader/plugin), as a plugin does.
      if (name === packageJson.name) continue;
      const typesFromDependencies = name in packageJson.dependencies && hasOwnTypes(name);
      const typesPackage = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
      if (!typesFromDependencies && !(typesPackage in packageJson.dependencies)) devOnly.push(`${specifier} (in ${file.slice(fromRoot('').length)})`);
    }
    expect(devOnly).toEqual([]);
  });

  test('type-check a consumer of both entry points with skipLibCheck: false, installed as npm would', async () => {
    const dir = await tempDir('tgrade-consumer-');
    const installed = join(dir, 'node_modules/transcript-grader');
    await mkdir(installed, { recursive: true });
    await writeFile(join(installed, 'package.json'), JSON.stringify(packageJson));
    await cp(fromRoot('dist'), join(installed, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.js') && !source.endsWith('.map') });
    for (const name of [...Object.keys(packageJson.dependencies), '@types/node']) {
      await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
      await symlink(fromRoot(`node_modules/${name}`), join(dir, 'node_modules', name), 'dir');
    }
    await writeFile(
      join(dir, 'consumer.ts'),
      [
        "import { createProgressReporter, defineConfig } from 'transcript-grader';",
        "import { defineGrader } from 'transcript-grader/plugin';",
        'export const config = defineConfig({});',
        "export const grader = defineGrader({ id: 'x', rubrics: ['r'], grade: () => ({ status: 'abstain', reason: 'none' }) });",
        "export const reporter = createProgressReporter('none', { write: () => undefined });",
        '',
      ].join('\n'),
    );
    const compilerOptions = { strict: true, skipLibCheck: false, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: ['node'], noEmit: true };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const result = await promisify(execFile)(process.execPath, [fromRoot('node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => ({ output: '' }),
      (error: { stdout?: string }) => ({ output: error.stdout ?? String(error) }),
    );
    expect(result.output).toBe('');
  }, 120_000);
});

function hasOwnTypes(name: string): boolean {
  const manifest = JSON.parse(readFileSync(fromRoot(`node_modules/${name}/package.json`), 'utf8')) as Record<string, unknown>;
  return typeof manifest['types'] === 'string' || typeof manifest['typings'] === 'string' || JSON.stringify(manifest['exports'] ?? {}).includes('"types"') || existsSync(fromRoot(`node_modules/${name}/index.d.ts`));
}

