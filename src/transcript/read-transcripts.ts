import { FirstSeenIds } from './first-seen-ids.js';
import { readLines, type DecodingReport } from './jsonl-lines.js';
import { duplicateIdProblem, invalidUtf8Problem, readTranscriptLine } from './transcript-line.js';
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
  for await (const { line, text } of readLines(file, decoding)) {
    const read = readTranscriptLine(file, line, text, keepId);
    if (read.kind === 'not-kept') continue;
    if (read.kind === 'problem') {
      yield { ok: false, problem: read.problem };
      continue;
    }
    const { id } = read.transcript;
    const first = seen.firstLineOf(id, line);
    if (first === null) yield { ok: true, transcript: read.transcript };
    else yield { ok: false, problem: duplicateIdProblem(file, line, id, first, read.hasOwnId) };
  }
  if (decoding.invalidUtf8 > 0) yield { ok: false, problem: invalidUtf8Problem(file, decoding) };
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
