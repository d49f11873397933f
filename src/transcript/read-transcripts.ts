import { FirstSeenIds } from './first-seen-ids.js';
import { escapeControls } from '../quote-input.js';
import { readJsonLines, type DecodingReport } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { Transcript } from './schema.js';

export interface InputProblem {
  file: string;
  line: number;
  message: string;
  /**
   * `duplicate-id`: a record whose id an earlier record of the file already has (not graded).
   * `invalid-utf8`: the file's bytes that are not UTF-8, reported once per file at the first line
   * they are on; the records were read (with U+FFFD), not skipped. Otherwise a line that was skipped.
   */
  kind?: 'duplicate-id' | 'invalid-utf8';
  /** For `invalid-utf8`: how many byte sequences were replaced. */
  count?: number;
}

export type TranscriptOrProblem = { ok: true; transcript: Transcript } | { ok: false; problem: InputProblem };

/**
 * Streams transcripts from a JSONL file. A bad line yields a problem naming file and line and the
 * stream goes on, so one malformed record never costs the rest of a run. An id is one transcript:
 * a later record with an id already seen (explicit, or the `file:line` name of a record without
 * one) is a problem too, so it is neither graded under the first one's results nor dropped unsaid.
 */
export async function* readTranscripts(file: string): AsyncGenerator<TranscriptOrProblem> {
  const seen = new FirstSeenIds();
  const decoding: DecodingReport = { invalidUtf8: 0, firstInvalidLine: null };
  for await (const parsed of readJsonLines(file, decoding)) {
    if (!parsed.ok) {
      yield { ok: false, problem: { file, line: parsed.line, message: parsed.error } };
      continue;
    }
    const normalized = normalizeRecord(parsed.value, { file, line: parsed.line });
    if (normalized.ok) {
      const { id } = normalized.transcript;
      const first = seen.firstLineOf(id, parsed.line);
      if (first === null) yield normalized;
      else yield { ok: false, problem: duplicateId(file, parsed.line, id, first, !hasOwnId(parsed.value)) };
    } else yield { ok: false, problem: { file, line: parsed.line, message: escapeControls(normalized.error) } };
  }
  if (decoding.invalidUtf8 > 0) yield { ok: false, problem: invalidUtf8(file, decoding) };
}

function invalidUtf8(file: string, decoding: DecodingReport): InputProblem {
  const count = decoding.invalidUtf8;
  return {
    file,
    line: decoding.firstInvalidLine ?? 1,
    kind: 'invalid-utf8',
    count,
    message: `${count} invalid UTF-8 byte sequence(s) in this file (the first on this line) were read as U+FFFD; the transcripts were read with the replacement character. Re-encode the file as UTF-8 to grade the original text`,
  };
}

/** What a message adds after a problem: whether the line was skipped or read anyway. */
export function problemOutcome(problem: InputProblem): string {
  return problem.kind === 'invalid-utf8' ? '' : ' (line skipped)';
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

function duplicateId(file: string, line: number, id: string, firstLine: number, unnamed: boolean): InputProblem {
  const note = unnamed ? '; a record without an id is named by its file and line' : '';
  return { file, line, message: `duplicate id ${escapeControls(JSON.stringify(id))} (first at line ${firstLine}${note})`, kind: 'duplicate-id' };
}

function hasOwnId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id !== undefined;
}
