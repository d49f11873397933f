import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { TgradeError } from '../errors.js';

export interface NumberedLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/**
 * Streams a text file line by line (never the whole file in memory). Blank lines are skipped but
 * still counted, so line numbers in messages match what an editor shows.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw inputUnreadable(file, error);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      // A byte-order mark (editors on Windows write one) would make the first record unparseable.
      yield { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

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
