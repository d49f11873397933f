import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { TgradeError } from '../errors.js';

export interface NumberedLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/**
 * Streams a text file line by line (never the whole file in memory). Blank lines are skipped but
 * still counted, so line numbers in messages match what an editor shows. Lines end at \n, \r\n or
 * a lone \r, as in readline.
 *
 * Split here rather than with readline: readline's async iterator queues up to 1,024 lines ahead of
 * a slow consumer, which on a long run kept ~1 MB of lines alive across garbage collections (they
 * were promoted and the old generation grew with the run), and its per-line events cost more than
 * the splitting. This reads one 64 KB chunk at a time, only when the lines of the last are taken,
 * into one buffer for the whole file: fs.ReadStream allocates a fresh buffer per read outside the
 * V8 heap, and over a 1 GB file the thousands of them, freed whenever the GC got to them, left
 * process memory growing with the file.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw inputUnreadable(file, error);
  }
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  // Decodes UTF-8 across chunk ends (a character split by a read is held back for the next).
  const decoder = new StringDecoder('utf8');
  let line = 0;
  // The start of a line that runs past the chunk, as pieces (joined once, so a huge line costs O(n)).
  let partial: string[] = [];
  // The previous chunk ended with \r: a \n opening this one belongs to that line break.
  let afterCarriageReturn = false;
  const numbered = (text: string): NumberedLine | null => {
    line += 1;
    if (isBlank(text)) return null;
    // A byte-order mark (editors on Windows write one) would make the first record unparseable.
    return { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
  };
  try {
    for (;;) {
      const { bytesRead } = await readChunk(handle, buffer, file);
      const chunk = bytesRead === 0 ? decoder.end() : decoder.write(buffer.subarray(0, bytesRead));
      let start = 0;
      if (afterCarriageReturn && chunk.startsWith('\n')) start = 1;
      if (chunk.length > 0) afterCarriageReturn = false;
      for (;;) {
        LINE_BREAK.lastIndex = start;
        const found = LINE_BREAK.exec(chunk);
        if (found === null) break;
        const piece = chunk.slice(start, found.index);
        const text = partial.length === 0 ? piece : partial.join('') + piece;
        partial = [];
        start = found.index + found[0].length;
        if (found[0] === '\r' && start === chunk.length) afterCarriageReturn = true;
        const item = numbered(text);
        if (item !== null) yield item;
      }
      if (start < chunk.length) partial.push(chunk.slice(start));
      if (bytesRead === 0) break;
    }
    if (partial.length > 0) {
      const item = numbered(partial.join(''));
      if (item !== null) yield item;
    }
  } finally {
    await handle.close();
  }
}

const READ_BYTES = 64 * 1024;

async function readChunk(handle: FileHandle, buffer: Buffer, file: string): Promise<{ bytesRead: number }> {
  try {
    return await handle.read(buffer, 0, buffer.length, null);
  } catch (error) {
    // Reading a folder fails here, not at open.
    throw inputUnreadable(file, error);
  }
}

const LINE_BREAK = /\r\n|\n|\r/g;

/** What String#trim would reduce to '': only white space (the readers skip such lines). */
function isBlank(text: string): boolean {
  return !NON_BLANK.test(text);
}

const NON_BLANK = /\S/;

const UNREADABLE_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder, not a file',
};

/** The error for an input file that cannot be opened, with the reason in words. */
export function inputUnreadable(file: string, error: unknown): TgradeError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === undefined ? String(error) : `${UNREADABLE_REASONS[code] ?? 'cannot open it'} (${code})`;
  return new TgradeError('E_INPUT_UNREADABLE', `cannot read ${file}: ${reason}`, { cause: error, details: { file } });
}

export type ParsedLine = { line: number; ok: true; value: unknown } | { line: number; ok: false; error: string };

/** Parses each non-blank line as JSON; a bad line becomes an error entry instead of ending the stream. */
export async function* readJsonLines(file: string): AsyncGenerator<ParsedLine> {
  for await (const { line, text } of readLines(file)) {
    try {
      yield { line, ok: true, value: JSON.parse(text) };
    } catch (error) {
      yield { line, ok: false, error: `not valid JSON (${(error as Error).message})` };
    }
  }
}
