import { open } from 'node:fs/promises';

const HEAD_BYTES = 64 * 1024;

/** The first 64 KB of a file as text, without a byte-order mark; '' when it cannot be read. */
export async function headOf(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return '';
  } finally {
    await handle.close();
  }
}

/**
 * An Inspect `.json` log begins with the EvalLog's first fields, in the order inspect_ai
 * `log/_log.py` fixes: `{"version": 2, "status": …, "eval": {…`. Indented or not.
 */
export function looksLikeInspectLog(head: string): boolean {
  return /^\s*\{\s*"version"\s*:\s*\d+\s*,/.test(head) && /"eval"\s*:\s*\{/.test(head);
}

export async function isInspectJsonLog(file: string): Promise<boolean> {
  return looksLikeInspectLog(await headOf(file));
}
