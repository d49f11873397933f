import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readLines } from '../transcript/jsonl-lines.js';
import type { RecordSummary, ResultRecord } from '../grading/verdict.js';
import { ResumeIndex, type ResumeIndexSnapshot } from './resume-index.js';
import { lockExclusively, type FileLock, type LockHolder } from './file-lock.js';
import { cutTornTail } from './torn-tail.js';

/**
 * The append-only results file: one JSON record per line, one transcript × one grader. Records are
 * written in whole lines and the file is repaired on open (a torn last line, left by a kill
 * mid-write, is cut off), so no reader ever sees half a record. Writes are gathered into chunks of
 * whole lines (flushed at 64 KB, after 200 ms, on close and on process exit): one write call per
 * record cost more than grading on a heuristic pass. A kill -9 loses at most the last unflushed
 * chunk, which a rerun grades again (LLM answers come back from the response cache).
 *
 * Only a compact index of finished pairs is kept in memory (see resume-index.ts), which is what
 * makes a resumed run skip them. That index is only right while no other process appends, so the
 * store holds an exclusive lock on the file (file-lock.ts) from open to close: a second run on the
 * same file is refused instead of grading everything twice.
 */
export interface StoreRepair {
  file: string;
  line: number;
  message: string;
}

export interface OpenedStore {
  store: ResultsStore;
  /** The process whose stale lock was taken over (it was killed while it held the file). */
  lockRecoveredFrom?: LockHolder;
  /** What was wrong in the existing file (a torn last line, unparseable lines), for the user. */
  repairs: StoreRepair[];
}

export interface StoreOptions {
  /** Graders others are gated on: their labels are kept so a resumed run can still apply the gate. */
  trackLabelsOf?: Iterable<string>;
  /**
   * Sees every record, from the existing file and then as it is appended, with the pair's
   * PAIR_FINISHED / PAIR_ERRORED bits from before it (e.g. a ResultsTally counting the summary).
   */
  onRecord?: (record: RecordSummary, before: number) => void;
}

const FLUSH_BYTES = 64 * 1024;
const OUTPUT_BYTES = 2 * FLUSH_BYTES;
const NEWLINE = 0x0a;
const FLUSH_AFTER_MS = 200;

export class ResultsStore {
  readonly file: string;
  private fd: number | null;
  private readonly index: ResumeIndex;
  private readonly onRecord: StoreOptions['onRecord'];
  // Records are encoded straight into one buffer, reused for the whole run: a fresh buffer per
  // chunk lived outside the V8 heap until a GC freed it, and joining strings first cost a copy.
  private output = Buffer.allocUnsafe(OUTPUT_BYTES);
  private outputLength = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly flushOnExit = () => this.flush();

  private constructor(file: string, fd: number, private readonly lock: FileLock, options: StoreOptions) {
    this.file = file;
    this.fd = fd;
    this.index = new ResumeIndex(options.trackLabelsOf === undefined ? {} : { trackLabelsOf: options.trackLabelsOf });
    this.onRecord = options.onRecord;
    // A second Ctrl-C ends the process with process.exit: write what is buffered first.
    process.on('exit', this.flushOnExit);
  }

  static async open(file: string, options: StoreOptions = {}): Promise<OpenedStore> {
    await mkdir(dirname(file), { recursive: true });
    const lock = await lockExclusively(file, { what: 'results file' });
    try {
      const repairs: StoreRepair[] = [];
      if (existsSync(file)) {
        const torn = cutTornTail(file);
        if (torn !== null) repairs.push({ file, line: torn, message: 'removed an incomplete last record (the previous run was interrupted mid-write)' });
      }
      const store = new ResultsStore(file, openSync(file, 'a'), lock, options);
      try {
        for await (const { line, text } of readLines(file)) {
          let record: Partial<ResultRecord>;
          try {
            record = JSON.parse(text) as Partial<ResultRecord>;
          } catch {
            repairs.push({ file, line, message: 'not a JSON record; ignored' });
            continue;
          }
          if (typeof record.transcriptId === 'string' && typeof record.grader === 'string') store.remember(record as ResultRecord);
        }
      } catch (error) {
        store.close();
        throw error;
      }
      return { store, repairs, ...(lock.recoveredFrom === undefined ? {} : { lockRecoveredFrom: lock.recoveredFrom }) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** True when the pair already has a final (labelled or abstained) record; errors are retried. */
  isFinished(transcriptId: string, grader: string): boolean {
    return this.index.isFinished(transcriptId, grader);
  }

  /** The recorded label of a tracked grader: undefined when unknown, null when it abstained. */
  labelOf(transcriptId: string, grader: string): string | null | undefined {
    return this.index.labelOf(transcriptId, grader);
  }

  /** Bytes the resume index holds (it grows with the number of transcripts, ~12 bytes each for up to four graders). */
  get indexBytes(): number {
    return this.index.bytes;
  }

  append(record: ResultRecord): void {
    if (this.fd === null) throw new Error(`${this.file}: the results store is closed`);
    const line = JSON.stringify(record);
    // UTF-8 needs at most 3 bytes per UTF-16 unit: with that much room a record is never cut short.
    this.makeRoom(3 * line.length + 1);
    this.outputLength += this.output.write(line, this.outputLength, 'utf8');
    this.output[this.outputLength++] = NEWLINE;
    this.written(record);
  }

  /** `bytes[start, end)` is `summary`'s whole record as a UTF-8 JSON line with its newline (encoded by a worker thread of `--jobs`). */
  appendEncoded(bytes: Uint8Array, start: number, end: number, summary: RecordSummary): void {
    if (this.fd === null) throw new Error(`${this.file}: the results store is closed`);
    this.makeRoom(end - start);
    this.output.set(bytes.subarray(start, end), this.outputLength);
    this.outputLength += end - start;
    this.written(summary);
  }

  private makeRoom(bytes: number): void {
    if (this.outputLength + bytes <= this.output.length) return;
    this.flush();
    if (bytes > this.output.length) this.output = Buffer.allocUnsafe(bytes);
  }

  private written(summary: RecordSummary): void {
    this.remember(summary);
    if (this.outputLength >= FLUSH_BYTES) this.flush();
    else if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
      this.flushTimer.unref();
    }
  }

  /** Writes the buffered records (whole lines, one write call per chunk). */
  flush(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.outputLength === 0 || this.fd === null) return;
    const size = this.outputLength;
    this.outputLength = 0;
    let written = 0;
    while (written < size) written += writeSync(this.fd, this.output, written, size - written);
    // A record larger than the usual buffer made room for itself; do not keep that much.
    if (this.output.length > OUTPUT_BYTES) this.output = Buffer.allocUnsafe(OUTPUT_BYTES);
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    process.off('exit', this.flushOnExit);
    closeSync(this.fd);
    this.fd = null;
    this.lock.release();
  }

  /** The finished pairs as the file holds them now, for worker threads to look up (ResumeIndex.fromSnapshot). */
  resumeSnapshot(): ResumeIndexSnapshot {
    return this.index.snapshot();
  }

  private remember(record: RecordSummary): void {
    const before = this.index.record(record.transcriptId, record.grader, record.status, record.label);
    this.onRecord?.(record, before);
  }
}
