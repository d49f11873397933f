import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readLines } from '../transcript/jsonl-lines.js';
import type { ResultRecord } from '../grading/verdict.js';

/**
 * The append-only results file: one JSON record per line, one transcript × one grader. A record is
 * written with a single write call and the file is repaired on open (a torn last line, left by a
 * kill mid-write, is cut off), so no reader ever sees half a record. Only the keys of finished
 * pairs are kept in memory, which is what makes a resumed run skip them.
 */
export interface StoreRepair {
  file: string;
  line: number;
  message: string;
}

export interface OpenedStore {
  store: ResultsStore;
  /** What was wrong in the existing file (a torn last line, unparseable lines), for the user. */
  repairs: StoreRepair[];
}

const KEY_SEPARATOR = '\u0000';

export function resultKey(transcriptId: string, grader: string): string {
  return `${transcriptId}${KEY_SEPARATOR}${grader}`;
}

export class ResultsStore {
  readonly file: string;
  private readonly fd: number;
  private readonly finished = new Set<string>();
  /** Labels of the graders other graders are gated on, so a resumed run can still apply the gate. */
  private readonly trackedLabels = new Map<string, string | null>();
  private readonly trackLabelsOf: ReadonlySet<string>;

  private constructor(file: string, fd: number, trackLabelsOf: ReadonlySet<string>) {
    this.file = file;
    this.fd = fd;
    this.trackLabelsOf = trackLabelsOf;
  }

  static async open(file: string, options: { trackLabelsOf?: Iterable<string> } = {}): Promise<OpenedStore> {
    await mkdir(dirname(file), { recursive: true });
    const repairs: StoreRepair[] = [];
    if (existsSync(file)) {
      const torn = cutTornTail(file);
      if (torn !== null) repairs.push({ file, line: torn, message: 'removed an incomplete last record (the previous run was interrupted mid-write)' });
    }
    const store = new ResultsStore(file, openSync(file, 'a'), new Set(options.trackLabelsOf ?? []));
    if (existsSync(file)) {
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
    }
    return { store, repairs };
  }

  /** True when the pair already has a final (labelled or abstained) record; errors are retried. */
  isFinished(transcriptId: string, grader: string): boolean {
    return this.finished.has(resultKey(transcriptId, grader));
  }

  /** The recorded label of a tracked grader: undefined when unknown, null when it abstained. */
  labelOf(transcriptId: string, grader: string): string | null | undefined {
    return this.trackedLabels.get(resultKey(transcriptId, grader));
  }

  append(record: ResultRecord): void {
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    this.remember(record);
  }

  close(): void {
    closeSync(this.fd);
  }

  private remember(record: ResultRecord): void {
    const key = resultKey(record.transcriptId, record.grader);
    if (record.status !== 'error') this.finished.add(key);
    if (this.trackLabelsOf.has(record.grader) && record.status !== 'error') this.trackedLabels.set(key, record.label);
  }
}

/** Cuts a last line that lacks its newline; returns its line number, or null when the file was whole. */
function cutTornTail(file: string): number | null {
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
