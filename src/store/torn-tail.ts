import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Cuts a last line that lacks its newline (left by a kill mid-write, so appending would glue the
 * next record onto it); returns its line number, or null when the file was whole.
 */
export function cutTornTail(file: string): number | null {
  const repair = repairLastLine(file, () => false);
  return repair === null ? null : repair.line;
}

export interface LastLineRepair {
  /** 1-based line number of the last line. */
  line: number;
  /** `newline-added`: the line was whole (say, written by an editor without a final newline); `cut`: it was torn and removed. */
  action: 'newline-added' | 'cut';
}

/**
 * Makes a file end with a newline before anything is appended to it: a last line that lacks its
 * newline is kept and ended when `isWhole(text)` says it is a complete record, and cut off
 * otherwise (a kill mid-write). Returns what was done, or null when the file already ended with a
 * newline (or is empty).
 */
export function repairLastLine(file: string, isWhole: (text: string) => boolean): LastLineRepair | null {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return null;
    const start = startOfLastLine(fd, size);
    const line = countNewlines(fd, start) + 1;
    // Only a short tail is worth reading to decide: a record longer than this is cut as torn.
    const tailBytes = size - start;
    const whole = tailBytes <= MAX_WHOLE_CHECK_BYTES && isWhole(readRange(fd, start, tailBytes).toString('utf8'));
    if (whole) {
      writeSync(fd, '\n', size);
      return { line, action: 'newline-added' };
    }
    ftruncateSync(fd, start);
    return { line, action: 'cut' };
  } finally {
    closeSync(fd);
  }
}

const MAX_WHOLE_CHECK_BYTES = 16 * 1024 * 1024;

/** The offset just past the last newline before `size`, or 0. */
function startOfLastLine(fd: number, size: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const length = end - start;
    readSync(fd, chunk, 0, length, start);
    for (let index = length - 1; index >= 0; index -= 1) if (chunk[index] === 0x0a) return start + index + 1;
    end = start;
  }
  return 0;
}

function readRange(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) read += readSync(fd, buffer, read, length - read, start + read);
  return buffer;
}

function countNewlines(fd: number, upTo: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let count = 0;
  for (let position = 0; position < upTo; position += chunk.length) {
    const read = readSync(fd, chunk, 0, Math.min(chunk.length, upTo - position), position);
    for (let index = 0; index < read; index += 1) if (chunk[index] === 0x0a) count += 1;
  }
  return count;
}
