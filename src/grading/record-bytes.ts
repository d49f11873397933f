const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/**
 * Result records encoded as UTF-8 JSON lines into one growing buffer: a worker thread hands a
 * batch's records to the run as one transferable buffer, which the run writes as it is, so the
 * thread that writes the file neither copies strings nor encodes them again.
 */
export class RecordBytes {
  private buffer: Uint8Array;
  private used = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = new Uint8Array(initialBytes);
  }

  /** Appends one record line (`json` plus a newline) and returns its length in bytes. */
  append(json: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: with that much room the line always fits.
    const room = 3 * json.length + 1;
    if (this.used + room > this.buffer.length) this.grow(this.used + room);
    const { written } = encoder.encodeInto(json, this.buffer.subarray(this.used));
    this.used += written;
    this.buffer[this.used] = NEWLINE;
    this.used += 1;
    return written + 1;
  }

  get length(): number {
    return this.used;
  }

  /** The bytes written so far (a view of the buffer, whose ArrayBuffer may be transferred). */
  get bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  private grow(needed: number): void {
    const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }
}
