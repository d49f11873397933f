import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmResponse } from './types.js';

/**
 * Responses on disk, keyed by a hash of everything that shapes an answer (provider, server, model,
 * sampling parameters, the full prompt, the sample index) and never by anything secret. One file a
 * response, written to a temporary name and renamed, so an interrupted run never leaves half an
 * entry and a rerun of the same job makes no requests.
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

export class ResponseCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<LlmResponse | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as LlmResponse;
    } catch {
      return undefined; // missing or unreadable: ask again
    }
  }

  async set(key: string, response: LlmResponse): Promise<void> {
    const path = this.path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(response));
    await rename(temporary, path);
  }
}
