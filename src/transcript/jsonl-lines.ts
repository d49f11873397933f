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
    throw new TgradeError('E_INPUT_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
      details: { file },
    });
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      yield { line, text };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
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
