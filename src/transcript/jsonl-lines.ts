import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { TgradeError } from '../errors.js';
import { escapeControls } from '../quote-input.js';

export interface NumberedLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/** What decoding a file found: bytes that are not UTF-8, each sequence read as U+FFFD. */
export interface DecodingReport {
  invalidUtf8: number;
  /** The line of the first replacement character in a read that had invalid bytes. */
  firstInvalidLine: number | null;
}

/**
 * Streams a text file line by line (never the whole file in memory). Blank lines are skipped but
 * still counted, so line numbers in messages match what an editor shows. Lines end at \n or \r\n;
 * a lone \r is not a line break (unlike readline): JSONL is split at \n, and wc -l, grep -n and jq
 * number lines that way, so a lone \r would make our numbers drift from theirs.
 *
 * Bytes that are not UTF-8 are read as U+FFFD (as every decoder does) and counted in `decoding`, so
 * the caller can say so instead of grading altered text without a word.
 *
 * Split here rather than with readline: readline's async iterator queues up to 1,024 lines ahead of
 * a slow consumer, which on a long run kept ~1 MB of lines alive across garbage collections (they
 * were promoted and the old generation grew with the run), and its per-line events cost more than
 * the splitting. This reads one 64 KB chunk at a time, only when the lines of the last are taken,
 * into one buffer for the whole file: fs.ReadStream allocates a fresh buffer per read outside the
 * V8 heap, and over a 1 GB file the thousands of them, freed whenever the GC got to them, left
 * process memory growing with the file.
 */
export async function* readLines(file: string, decoding?: DecodingReport): AsyncGenerator<NumberedLine> {
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
  // The last two bytes of the previous read: a U+FFFD written in the file may straddle two reads.
  let tail = Buffer.alloc(0);
  const numbered = (raw: string): NumberedLine | null => {
    line += 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isBlank(text)) return null;
    // A byte-order mark (editors on Windows write one) would make the first record unparseable.
    return { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
  };
  try {
    for (;;) {
      const { bytesRead } = await readChunk(handle, buffer, file);
      const bytes = buffer.subarray(0, bytesRead);
      const chunk = bytesRead === 0 ? decoder.end() : decoder.write(bytes);
      if (decoding !== undefined) {
        const invalid = invalidReplacements(chunk, tail, bytes);
        if (invalid > 0 && decoding.firstInvalidLine === null) {
          // The read's first byte is on the line after the `line` lines finished so far.
          const at = firstInvalidByte(bytes);
          decoding.firstInvalidLine = line + 1 + (at === -1 ? 0 : newlinesIn(bytes, at));
        }
        decoding.invalidUtf8 += invalid;
        tail = Buffer.from(bytes.subarray(Math.max(0, bytesRead - 2)));
      }
      let start = 0;
      for (;;) {
        LINE_BREAK.lastIndex = start;
        const found = LINE_BREAK.exec(chunk);
        if (found === null) break;
        const piece = chunk.slice(start, found.index);
        const text = partial.length === 0 ? piece : partial.join('') + piece;
        partial = [];
        start = found.index + found[0].length;
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

// \r\n ends a line too: its \r is cut off by `numbered`, wherever the read split the pair.
const LINE_BREAK = /\n/g;

const REPLACEMENT_BYTES = Buffer.from('\uFFFD');

/**
 * U+FFFD characters in a decoded read that stand for invalid bytes: all of them, less those written
 * in the file as the three bytes EF BF BD (counted where their last byte is, `tail` being the end of
 * the previous read).
 */
function invalidReplacements(decoded: string, tail: Buffer, bytes: Buffer): number {
  let replacements = 0;
  for (let index = decoded.indexOf('\uFFFD'); index !== -1; index = decoded.indexOf('\uFFFD', index + 1)) replacements += 1;
  if (replacements === 0) return 0;
  const window = tail.length === 0 ? bytes : Buffer.concat([tail, bytes]);
  let written = 0;
  for (let index = window.indexOf(REPLACEMENT_BYTES); index !== -1; index = window.indexOf(REPLACEMENT_BYTES, index + 1)) {
    if (index + 3 > tail.length) written += 1;
  }
  return Math.max(0, replacements - written);
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode 15, table
 * 3-7), or -1. Continuation bytes opening the read finish a character the previous read began; an
 * incomplete sequence at the end is finished by the next read.
 */
function firstInvalidByte(bytes: Buffer): number {
  let index = 0;
  while (index < Math.min(3, bytes.length) && ((bytes[index] as number) & 0xc0) === 0x80) index += 1;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f]
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      if (index + next >= bytes.length) return -1;
      const byte = bytes[index + next] as number;
      if (next === 1 ? byte < low || byte > high : (byte & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return -1;
}

function newlinesIn(bytes: Buffer, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1 && index < end; index = bytes.indexOf(0x0a, index + 1)) count += 1;
  return count;
}

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
export async function* readJsonLines(file: string, decoding?: DecodingReport): AsyncGenerator<ParsedLine> {
  for await (const { line, text } of readLines(file, decoding)) yield parseJsonLine(line, text);
}

/** One line of a JSONL file parsed, or the error naming why not. */
export function parseJsonLine(line: number, text: string): ParsedLine {
  try {
    return { line, ok: true, value: JSON.parse(text) };
  } catch (error) {
    // V8's message quotes the start of the line: model output, escaped before it reaches a terminal.
    return { line, ok: false, error: `not valid JSON (${escapeControls((error as Error).message)})` };
  }
}
