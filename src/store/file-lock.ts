import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { TgradeError } from '../errors.js';

/**
 * An exclusive lock on a file two processes must not append to at once (the results file of
 * `label`/`batch`, the ratings file of `annotate`): two writers each resume from what they read at
 * the start, so both grade the same transcripts and the file gets every record twice.
 *
 * The lock is proper-lockfile's: a `<file>.lock` directory (mkdir is atomic) whose mtime the holder
 * refreshes; a lock not refreshed for `staleMs` is stale and taken over, so a killed process never
 * locks a file for good. Beside it, `<file>.lock-holder` records who holds it (pid, host, since),
 * so the refusal can name the process.
 */
export interface FileLock {
  /** The lock directory. */
  lockFile: string;
  /** Set when the lock was taken over from a process that is no longer running. */
  recoveredFrom?: LockHolder;
  /** Removes the lock (synchronously, so a store's close() can stay synchronous). Safe to call twice. */
  release(): void;
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface LockOptions {
  /** A lock not refreshed for this long belongs to a dead process (default 10 s; at least 2 s). */
  staleMs?: number;
  /** What the file is, for the message: "results file", "ratings file". */
  what?: string;
  /** Called if the lock is lost while held (the machine slept past `staleMs`); default: a process warning. */
  onCompromised?: (error: Error) => void;
}

const DEFAULT_STALE_MS = 10_000;

function lockPaths(file: string): { lockFile: string; holderFile: string } {
  const absolute = resolve(file);
  return { lockFile: `${absolute}.lock`, holderFile: `${absolute}.lock-holder` };
}

export async function lockExclusively(file: string, options: LockOptions = {}): Promise<FileLock> {
  const { lockFile, holderFile } = lockPaths(file);
  const staleMs = Math.max(options.staleMs ?? DEFAULT_STALE_MS, 2_000);
  const onCompromised = options.onCompromised ?? ((error: Error) => process.emitWarning(`${lockFile}: ${error.message}`, 'TgradeLockWarning'));
  const attempt = (retries: lockfile.LockOptions['retries']) =>
    lockfile.lock(resolve(file), { realpath: false, lockfilePath: lockFile, stale: staleMs, retries, onCompromised });

  let recoveredFrom: LockHolder | undefined;
  try {
    await attempt(0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await holderOf(holderFile);
    if (holder === null || !holderIsGone(holder)) throw lockedError(file, lockFile, holder, options.what ?? 'file');
    // The holder was killed: its lock stops being refreshed and turns stale within staleMs.
    try {
      await attempt({ retries: Math.ceil(staleMs / 250) + 4, factor: 1, minTimeout: 250, maxTimeout: 250 });
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code !== 'ELOCKED') throw retryError;
      throw lockedError(file, lockFile, readHolder(holderFile), options.what ?? 'file');
    }
    recoveredFrom = holder;
  }
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(holderFile, `${JSON.stringify(me)}\n`);
  let released = false;
  return {
    lockFile,
    ...(recoveredFrom === undefined ? {} : { recoveredFrom }),
    release: () => {
      if (released) return;
      released = true;
      rmSync(holderFile, { force: true });
      lockfile.unlockSync(resolve(file), { realpath: false, lockfilePath: lockFile });
    },
  };
}

function lockedError(file: string, lockFile: string, holder: LockHolder | null, what: string): TgradeError {
  const who = holder === null ? 'another process (its pid was not recorded)' : `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} (since ${holder.since})`;
  return new TgradeError(
    'E_FILE_LOCKED',
    `${file}: the ${what} is in use by ${who}; the lock is ${lockFile}. Wait for that run to finish or stop it, or write to another file. A lock left by a killed process is taken over by itself within seconds.`,
    { details: { file, lockFile, ...(holder === null ? {} : { pid: holder.pid, host: holder.host }) } },
  );
}

/**
 * The holder writes its record just after taking the lock, so a process refused in that gap finds
 * none yet: it waits a moment for it rather than calling the holder unknown (or taking the lock over).
 */
async function holderOf(holderFile: string): Promise<LockHolder | null> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const holder = readHolder(holderFile);
    if (holder !== null) return holder;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  return null;
}

function readHolder(holderFile: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(holderFile, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return { pid: value.pid, host: value.host, since: typeof value.since === 'string' ? value.since : 'an unknown time' };
  } catch {
    return null;
  }
}

/** True only when the holder ran on this machine and is no longer running (another host's pid cannot be checked). */
function holderIsGone(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
