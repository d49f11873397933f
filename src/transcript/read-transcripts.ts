import { readJsonLines } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { Transcript } from './schema.js';

export interface InputProblem {
  file: string;
  line: number;
  message: string;
}

export type TranscriptOrProblem = { ok: true; transcript: Transcript } | { ok: false; problem: InputProblem };

/**
 * Streams transcripts from a JSONL file. A bad line yields a problem naming file and line and the
 * stream goes on, so one malformed record never costs the rest of a run.
 */
export async function* readTranscripts(file: string): AsyncGenerator<TranscriptOrProblem> {
  for await (const parsed of readJsonLines(file)) {
    if (!parsed.ok) {
      yield { ok: false, problem: { file, line: parsed.line, message: parsed.error } };
      continue;
    }
    const normalized = normalizeRecord(parsed.value, { file, line: parsed.line });
    if (normalized.ok) yield normalized;
    else yield { ok: false, problem: { file, line: parsed.line, message: normalized.error } };
  }
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
