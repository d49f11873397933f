import { readJsonLines } from './jsonl-lines.js';
import { normalizeRecord } from './normalize.js';
import type { InputProblem, TranscriptOrProblem } from './input-problem.js';
import { inputKindOf, jsonDocumentMessage } from './input-kind.js';
import { readInspectFolder, readInspectLog } from './inspect/read-inspect.js';

export type { InputProblem, TranscriptOrProblem } from './input-problem.js';

/**
 * Streams transcripts from any accepted input: JSONL (chat messages or tagged text, one record a
 * line), an Inspect AI log (`.eval` or `.json`), or a folder of Inspect logs. A bad line or sample
 * yields a problem naming file and line (or log and sample) and the stream goes on, so one
 * malformed record never costs the rest of a run; a file that is one JSON document, not JSONL,
 * is one problem, not one per line.
 */
export async function* readTranscripts(file: string): AsyncGenerator<TranscriptOrProblem> {
  const input = await inputKindOf(file);
  if (input.kind === 'folder') return yield* readInspectFolder(file);
  if (input.kind === 'inspect-eval') return yield* readInspectLog(file, 'eval');
  if (input.kind === 'inspect-json') return yield* readInspectLog(file, 'json');
  if (input.kind === 'json-document') {
    yield { ok: false, problem: { file, message: jsonDocumentMessage(input.shape) } };
    return;
  }
  yield* readJsonlTranscripts(file);
}

async function* readJsonlTranscripts(file: string): AsyncGenerator<TranscriptOrProblem> {
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
  if (problem.line !== undefined) return `${problem.file}:${problem.line}: ${problem.message}`;
  if (problem.sample !== undefined) return `${problem.file} (sample ${problem.sample}): ${problem.message}`;
  return `${problem.file}: ${problem.message}`;
}

/** What the CLI adds after a problem: a JSONL line is skipped; an Inspect problem says itself what happened. */
export function problemOutcome(problem: InputProblem): string {
  return problem.line !== undefined ? ' (line skipped)' : '';
}
