import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inputUnreadable } from '../transcript/jsonl-lines.js';

/**
 * The identity of a label run's input, so `tgrade merge` can tell the shards of one input from a
 * shard of another: SHA-256 of the file's bytes, or for a folder of Inspect logs of each log's
 * relative path, size and bytes in path order (the logs the reader takes, read-inspect.ts). Names
 * of the files are not part of a file's hash: the same rollouts copied elsewhere are the same input.
 */
export async function hashInput(input: string): Promise<string> {
  const info = await stat(input).catch((error: unknown) => {
    throw inputUnreadable(input, error);
  });
  const hash = createHash('sha256');
  if (!info.isDirectory()) {
    await hashFileInto(hash, input);
    return `sha256:${hash.digest('hex')}`;
  }
  const names = (await readdir(input, { recursive: true })).filter((name) => /\.(eval|json)$/i.test(name)).sort();
  for (const name of names) {
    const path = join(input, name);
    const { size, isFile } = await stat(path).then((file) => ({ size: file.size, isFile: file.isFile() }));
    if (!isFile) continue;
    // Path and size first, so two folders whose logs concatenate to the same bytes still differ.
    hash.update(`${name.split('\\').join('/')}\0${size}\0`);
    await hashFileInto(hash, path);
  }
  return `sha256:${hash.digest('hex')}`;
}

async function hashFileInto(hash: ReturnType<typeof createHash>, file: string): Promise<void> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  } catch (error) {
    throw inputUnreadable(file, error);
  }
}
