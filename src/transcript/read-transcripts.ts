import { FirstSeenIds } from './first-seen-ids.js';
import { readJsonLines } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { Transcript } from './schema.js';

export interface InputProblem {
  file: string;
  line: number;
  message: string;
  /** Set for a record whose id an earlier record of the file already has (it is not graded). */
  kind?: 'duplicate-id';
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
  for await (const parsed of readJsonLines(file)) {
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
    } else yield { ok: false, problem: { file, line: parsed.line, message: normalized.error } };
  }
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

function duplicateId(file: string, line: number, id: string, firstLine: number, unnamed: boolean): InputProblem {
  const note = unnamed ? '; a record without an id is named by its file and line' : '';
  return { file, line, message: `duplicate id ${JSON.stringify(id)} (first at line ${firstLine}${note})`, kind: 'duplicate-id' };
}

function hasOwnId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id !== undefined;
}
