import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh folder under the OS temp dir, removed when the current test finishes. Call it inside a
 * test (not in `beforeAll`): the cleanup is tied to the test that asked for it.
 */
export async function tempDir(prefix = 'tgrade-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `{ 'relative/path': content }` under `dir`, creating folders; objects are written as JSON. */
export async function writeFiles(dir: string, files: Record<string, string | object>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/**
 * A temp folder that is a project root (it has a package.json), so a config search started in it
 * never walks up into the folders around the temp dir.
 */
export async function tempProject(files: Record<string, string | object> = {}): Promise<string> {
  const dir = await tempDir('tgrade-project-');
  await writeFiles(dir, { 'package.json': { name: 'tgrade-test-project', private: true, type: 'module' }, ...files });
  return dir;
}

/** One JSON value per line, newline-terminated, as the readers expect. */
export function jsonl(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
