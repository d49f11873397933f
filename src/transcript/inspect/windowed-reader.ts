import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const WINDOW_BYTES = 1024 * 1024;

/**
 * The file under yauzl, read through two cached 1 MB windows (one stays on the central directory
 * at the end of the archive, the other moves along the entries' data at the front). yauzl's own
 * file reader makes two thread-pool reads per entry to list it and two more to open it; on an
 * `.eval` of 100,000 small samples those small reads, not inflating or parsing, were most of the
 * time. Only the windows are held, never the archive.
 */
export class WindowedFileReader extends yauzl.RandomAccessReader {
  private readonly windows: { start: number; bytes: Buffer }[] = [];

  constructor(private readonly fd: number) {
    super();
  }

  /** `length` bytes at `position`, from a window (read in when no window holds them); valid until the next call. */
  slice(position: number, length: number): Buffer {
    const index = this.windows.findIndex((window) => position >= window.start && position + length <= window.start + window.bytes.length);
    if (index !== -1) {
      const [window] = this.windows.splice(index, 1);
      this.windows.unshift(window as { start: number; bytes: Buffer });
      return (window as { start: number; bytes: Buffer }).bytes.subarray(position - (window as { start: number }).start, position - (window as { start: number }).start + length);
    }
    const size = Math.max(length, WINDOW_BYTES);
    const bytes = Buffer.allocUnsafe(size);
    const read = readSync(this.fd, bytes, 0, size, position);
    if (read < length) throw new Error(`unexpected end of file at byte ${position + read} (the archive is truncated)`);
    this.windows.unshift({ start: position, bytes: bytes.subarray(0, read) });
    if (this.windows.length > 2) this.windows.pop();
    return bytes.subarray(0, length);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    try {
      this.slice(position, length).copy(buffer, offset);
    } catch (error) {
      process.nextTick(callback, error as Error);
      return;
    }
    process.nextTick(callback, null);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    try {
      // A copy: the window it came from may be replaced before the stream is read.
      return Readable.from([Buffer.from(this.slice(start, end - start))]);
    } catch (error) {
      return new Readable({ read() { this.destroy(error as Error); } });
    }
  }

  override close(callback: (error: Error | null) => void): void {
    try {
      closeSync(this.fd);
    } catch (error) {
      process.nextTick(callback, error as Error);
      return;
    }
    process.nextTick(callback, null);
  }
}

/** Opens an archive with yauzl over the windowed reader (lazy entries: one at a time, when asked). */
export function openZip(file: string): Promise<{ zip: yauzl.ZipFile; reader: WindowedFileReader }> {
  return new Promise((resolve, reject) => {
    let fd: number;
    let size: number;
    try {
      fd = openSync(file, 'r');
      size = fstatSync(fd).size;
    } catch (error) {
      reject(error as Error);
      return;
    }
    const options = { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true };
    const reader = new WindowedFileReader(fd);
    yauzl.fromRandomAccessReader(reader, size, options, (error, zip) => {
      if (error !== null || zip === undefined) {
        closeSync(fd);
        reject(error ?? new Error('cannot open'));
      } else resolve({ zip, reader });
    });
  });
}
