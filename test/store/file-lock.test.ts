import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { lockExclusively } from '../../src/store/file-lock.js';
import { fromRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// The built module, so a second, real process takes the lock exactly as the CLI does.
const BUILT_LOCK = fromRoot('dist/src/store/file-lock.js');

/** Starts a node process that takes the lock on `file` and holds it until killed. */
async function holderProcess(file: string): Promise<ChildProcess> {
  if (!existsSync(BUILT_LOCK)) throw new Error(`${BUILT_LOCK} is missing: run \`npm run build\` first (\`npm test\` does it in pretest)`);
  const script = `const { lockExclusively } = await import(${JSON.stringify(BUILT_LOCK)}); await lockExclusively(${JSON.stringify(file)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
  return child;
}

async function lockedFile(): Promise<string> {
  const file = join(await tempDir('tgrade-lock-'), 'results.jsonl');
  await writeFile(file, '');
  return file;
}

describe('lockExclusively', () => {
  test('refuses a second lock on the same file, naming the lock file and the pid that holds it', async () => {
    const file = await lockedFile();
    const first = await lockExclusively(file, { what: 'results file' });
    onTestFinished(() => first.release());
    const second = lockExclusively(file, { what: 'results file' });
    await expect(second).rejects.toSatisfy((error) => isTgradeError(error, 'E_FILE_LOCKED'));
    await expect(second).rejects.toThrow(`${file}: the results file is in use by process ${process.pid}`);
    await expect(second).rejects.toThrow(`the lock is ${file}.lock`);
  });

  test('can be taken again once released', async () => {
    const file = await lockedFile();
    (await lockExclusively(file)).release();
    const again = await lockExclusively(file);
    expect(again.recoveredFrom).toBeUndefined();
    again.release();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock-holder`)).toBe(false);
  });

  test('refuses a second process while another process holds the lock, naming its pid', async () => {
    const file = await lockedFile();
    const holder = await holderProcess(file);
    await expect(lockExclusively(file)).rejects.toThrow(`in use by process ${holder.pid} `);
  });

  test('takes over the lock of a killed process once the lock goes stale, and says whose it was', async () => {
    const file = await lockedFile();
    const holder = await holderProcess(file);
    const pid = holder.pid!;
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(`${file}.lock`)).toBe(true); // a kill -9 leaves the lock behind
    const lock = await lockExclusively(file, { staleMs: 2_000 });
    onTestFinished(() => lock.release());
    expect(lock.recoveredFrom?.pid).toBe(pid);
  });
});
