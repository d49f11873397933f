import { FirstSeenIds } from './first-seen-ids.js';
import { escapeControls } from '../quote-input.js';
import { readJsonLines, type DecodingReport } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { InputProblem, TranscriptOrProblem } from './input-problem.js';
import { inputKindOf, jsonDocumentMessage } from './input-kind.js';
import { readInspectFolder, readInspectLog } from './inspect/read-inspect.js';

export type { InputProblem, TranscriptOrProblem } from './input-problem.js';

interface ReadOptions {
  /**
   * A JSONL record whose own `id` this rejects is passed over before it is normalized, and is
   * neither yielded nor checked (a shard's share: the shard that keeps it reports its problems).
   * Records without an id, and Inspect samples, are yielded as usual for the caller to filter.
   */
  keepId?: (id: string) => boolean;
}

/**
 * Streams transcripts from any accepted input: JSONL (chat messages or tagged text, one record a
 * line), an Inspect AI log (`.eval` or `.json`), or a folder of Inspect logs. A bad line or sample
 * yields a problem naming file and line (or log and sample) and the stream goes on, so one
 * malformed record never costs the rest of a run; a file that is one JSON document, not JSONL,
 * is one problem, not one per line.
 */
export async function* readTranscripts(file: string, options: ReadOptions = {}): AsyncGenerator<TranscriptOrProblem> {
  const input = await inputKindOf(file);
  if (input.kind === 'folder') return yield* readInspectFolder(file);
  if (input.kind === 'inspect-eval') return yield* readInspectLog(file, 'eval');
  if (input.kind === 'inspect-json') return yield* readInspectLog(file, 'json');
  if (input.kind === 'json-document') {
    yield { ok: false, problem: { file, message: jsonDocumentMessage(input.shape) } };
    return;
  }
  yield* readJsonlTranscripts(file, options.keepId);
}

/**
 * An id is one transcript: a later record with an id already seen (explicit, or the `file:line`
 * name of a record without one) is a problem too, so it is neither graded under the first one's
 * results nor dropped unsaid.
 */
async function* readJsonlTranscripts(file: string, keepId: ReadOptions['keepId']): AsyncGenerator<TranscriptOrProblem> {
  const seen = new FirstSeenIds();
  const decoding: DecodingReport = { invalidUtf8: 0, firstInvalidLine: null };
  for await (const parsed of readJsonLines(file, decoding)) {
    if (!parsed.ok) {
      yield { ok: false, problem: { file, line: parsed.line, message: parsed.error } };
      continue;
    }
    if (keepId !== undefined && !keepsOwnId(parsed.value, keepId)) continue;
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

/**
 * What a message adds after a problem: a JSONL line is skipped (invalid UTF-8 is read anyway); an
 * Inspect problem says itself what happened.
 */
export function problemOutcome(problem: InputProblem): string {
  if (problem.kind === 'invalid-utf8' || problem.line === undefined) return '';
  return ' (line skipped)';
}

export function formatProblem(problem: InputProblem): string {
  if (problem.line !== undefined) return `${problem.file}:${problem.line}: ${problem.message}`;
  if (problem.sample !== undefined) return `${problem.file} (sample ${problem.sample}): ${problem.message}`;
  return `${problem.file}: ${problem.message}`;
}

function duplicateId(file: string, line: number, id: string, firstLine: number, unnamed: boolean): InputProblem {
  const note = unnamed ? '; a record without an id is named by its file and line' : '';
  return { file, line, message: `duplicate id ${escapeControls(JSON.stringify(id))} (first at line ${firstLine}${note})`, kind: 'duplicate-id' };
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
