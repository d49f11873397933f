import { escapeControls } from '../quote-input.js';
import { parseJsonLine, type DecodingReport } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { InputProblem } from './input-problem.js';
import type { Transcript } from './schema.js';

/**
 * What one line of a JSONL transcripts file is: a transcript, a problem naming the line, or a record
 * passed over unread because `keepId` rejects its own id (a shard's share: the shard that keeps it
 * reports its problems). The reader of a whole file and the worker threads of `tgrade label --jobs`
 * read lines with this, so both read a line the same way.
 */
export type TranscriptLine =
  | { kind: 'not-kept' }
  | { kind: 'problem'; problem: InputProblem }
  /** `hasOwnId`: false when the id is the `file:line` name of a record without one. */
  | { kind: 'transcript'; transcript: Transcript; hasOwnId: boolean };

export function readTranscriptLine(file: string, line: number, text: string, keepId?: (id: string) => boolean): TranscriptLine {
  const parsed = parseJsonLine(line, text);
  if (!parsed.ok) return { kind: 'problem', problem: { file, line, message: parsed.error } };
  if (keepId !== undefined && !keepsOwnId(parsed.value, keepId)) return { kind: 'not-kept' };
  const normalized = normalizeRecord(parsed.value, { file, line });
  if (!normalized.ok) return { kind: 'problem', problem: { file, line, message: escapeControls(normalized.error) } };
  return { kind: 'transcript', transcript: normalized.transcript, hasOwnId: hasOwnId(parsed.value) };
}

/** A later record with an id already seen: reported, neither graded under the first one's results nor dropped unsaid. */
export function duplicateIdProblem(file: string, line: number, id: string, firstLine: number, hasOwnId: boolean): InputProblem {
  const note = hasOwnId ? '' : '; a record without an id is named by its file and line';
  return { file, line, message: `duplicate id ${escapeControls(JSON.stringify(id))} (first at line ${firstLine}${note})`, kind: 'duplicate-id' };
}

/** The file's bytes that are not UTF-8, reported once at the first line they are on. */
export function invalidUtf8Problem(file: string, decoding: DecodingReport): InputProblem {
  const count = decoding.invalidUtf8;
  return {
    file,
    line: decoding.firstInvalidLine ?? 1,
    kind: 'invalid-utf8',
    count,
    message: `${count} invalid UTF-8 byte sequence(s) in this file (the first on this line) were read as U+FFFD; the transcripts were read with the replacement character. Re-encode the file as UTF-8 to grade the original text`,
  };
}

/** False only for a record whose id (a non-empty string or a number, as normalize.ts reads it) `keepId` rejects. */
function keepsOwnId(value: unknown, keepId: (id: string) => boolean): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const { id } = value as { id?: unknown };
  if ((typeof id === 'string' && id !== '') || typeof id === 'number') return keepId(String(id));
  return true;
}

function hasOwnId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id !== undefined;
}
