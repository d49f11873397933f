import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';

/**
 * Cuts a last line that lacks its newline (left by a kill mid-write, so appending would glue the
 * next record onto it); returns its line number, or null when the file was whole.
 */
export function cutTornTail(file: string): number | null {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return null;
    // Walk back in chunks to the previous newline.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let cut = 0;
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const length = end - start;
      readSync(fd, chunk, 0, length, start);
      for (let index = length - 1; index >= 0; index -= 1) {
        if (chunk[index] === 0x0a) {
          cut = start + index + 1;
          break search;
        }
      }
      end = start;
    }
    ftruncateSync(fd, cut);
    return countNewlines(fd, cut) + 1;
  } finally {
    closeSync(fd);
  }
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
