import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmResponse } from './types.js';

/**
 * Responses on disk, keyed by a hash of everything that shapes an answer (provider, server, model,
 * sampling parameters, the full prompt, the sample index) and never by anything secret. One file a
 * response, written to a temporary file and renamed, so an interrupted run never leaves half an
 * entry and a rerun of the same job makes no requests; the temporaries a killed run leaves are
 * removed by the next run that opens the cache.
 */
export interface CacheKeyMaterial {
  provider: string;
  baseURL: string | undefined;
  model: string;
  temperature: number | undefined;
  maxTokens: number;
  system: string;
  messages: unknown;
  output: unknown;
  sampleIndex: number;
  logprobs: boolean;
}

export function cacheKey(material: CacheKeyMaterial): string {
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** Older than this, a temporary file is an orphan whatever its name says (a write takes milliseconds). */
const STALE_TEMPORARY_MS = 3_600_000;
/** Earlier versions wrote temporaries beside the entries, without a pid: removed once this old. */
const LEGACY_TEMPORARY_MS = 60_000;

export class ResponseCache {
  private cleaned: Promise<void> | undefined;

  /** `readOnly` (a dry run): never writes, and leaves orphans for a run that does. */
  constructor(
    readonly dir: string,
    private readonly options: { readOnly?: boolean } = {},
  ) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** Temporaries live apart, named with the writer's pid, so orphans are found without listing every entry. */
  private get temporaryDir(): string {
    return join(this.dir, 'tmp');
  }

  async get(key: string): Promise<LlmResponse | undefined> {
    await this.removeOrphans();
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as LlmResponse;
    } catch {
      return undefined; // missing or unreadable: ask again
    }
  }

  async set(key: string, response: LlmResponse): Promise<void> {
    if (this.options.readOnly) throw new Error(`the response cache in ${this.dir} was opened read-only`);
    await this.removeOrphans();
    const path = this.path(key);
    await Promise.all([mkdir(join(this.dir, key.slice(0, 2)), { recursive: true }), mkdir(this.temporaryDir, { recursive: true })]);
    const temporary = join(this.temporaryDir, `${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, JSON.stringify(response));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /**
   * Removes the temporary files of runs that were killed mid-write, once, before this cache's first
   * read or write: those whose writer (the pid in the name) is gone, or that are older than an hour.
   * A file another live run is writing stays. The first time a cache is opened by this version, the
   * entry folders are searched too, for what earlier versions left there.
   */
  removeOrphans(): Promise<void> {
    if (this.options.readOnly) return Promise.resolve();
    this.cleaned ??= this.sweep().catch(() => undefined); // a failed clean-up costs disk space, never a run
    return this.cleaned;
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    const names = await readdir(this.temporaryDir).catch(() => undefined);
    if (names === undefined) {
      await this.sweepLegacy(now);
      return;
    }
    await Promise.all(
      names.map(async (name) => {
        const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1]);
        const path = join(this.temporaryDir, name);
        if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) return rm(path, { force: true });
        if (now - (await modifiedAt(path)) > STALE_TEMPORARY_MS) return rm(path, { force: true });
        return undefined;
      }),
    );
  }

  private async sweepLegacy(now: number): Promise<void> {
    const folders = await readdir(this.dir, { withFileTypes: true }).catch(() => undefined);
    if (folders === undefined) return; // no cache yet: nothing to search, nothing to create
    await Promise.all(
      folders
        .filter((folder) => folder.isDirectory() && /^[0-9a-f]{2}$/.test(folder.name))
        .map(async (folder) => {
          for (const name of await readdir(join(this.dir, folder.name))) {
            if (!name.endsWith('.tmp')) continue;
            const path = join(this.dir, folder.name, name);
            if (now - (await modifiedAt(path)) > LEGACY_TEMPORARY_MS) await rm(path, { force: true });
          }
        }),
    );
    // From now on temporaries are written to tmp/, and its presence says the old folders were searched.
    await mkdir(this.temporaryDir, { recursive: true });
  }
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function modifiedAt(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.mtimeMs ?? Number.POSITIVE_INFINITY;
}
