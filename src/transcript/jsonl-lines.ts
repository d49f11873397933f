import { createReadStream } from 'node:fs';
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
 * the splitting. This reads one 64 KB chunk at a time, only when the lines of the last are taken.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw inputUnreadable(file, error);
  }
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
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      if (afterCarriageReturn && chunk.startsWith('\n')) start = 1;
      afterCarriageReturn = false;
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
    }
    if (partial.length > 0) {
      const item = numbered(partial.join(''));
      if (item !== null) yield item;
    }
  } finally {
    stream.destroy();
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
