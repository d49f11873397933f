import { stat } from 'node:fs/promises';
import { headOf, looksLikeInspectLog } from './inspect/sniff.js';

/**
 * What a transcripts input is, decided from the file itself (and its name only for `.eval`):
 * a folder of Inspect logs, an Inspect `.eval` zip, an Inspect `.json` log, one JSON document
 * that is not JSONL (an array, or an object spread over lines), or JSONL.
 */
export type InputKind = { kind: 'folder' } | { kind: 'inspect-eval' } | { kind: 'inspect-json' } | { kind: 'json-document'; shape: 'array' | 'object' } | { kind: 'jsonl' };

const ZIP_MAGIC = 'PK\u0003\u0004';

export async function inputKindOf(file: string): Promise<InputKind> {
  try {
    if ((await stat(file)).isDirectory()) return { kind: 'folder' };
  } catch {
    return { kind: 'jsonl' }; // the line reader says why it cannot be opened
  }
  const head = await headOf(file);
  if (/\.eval$/i.test(file) || head.startsWith(ZIP_MAGIC)) return { kind: 'inspect-eval' };
  if (looksLikeInspectLog(head)) return { kind: 'inspect-json' };
  const trimmed = head.trimStart();
  const opener = trimmed[0];
  if (opener !== '[' && opener !== '{') return { kind: 'jsonl' };
  const lineEnd = trimmed.search(/\r?\n|\r/);
  // No line break in the first 64 KB: one long record, which the line reader handles either way.
  if (lineEnd === -1) return opener === '[' && trimmed.trimEnd().endsWith(']') ? { kind: 'json-document', shape: 'array' } : { kind: 'jsonl' };
  const firstLine = trimmed.slice(0, lineEnd);
  if (parses(firstLine) && opener === '{') return { kind: 'jsonl' };
  // `[` on a line of its own, or a first line that is not a whole value: a document over several lines.
  if (!parses(firstLine) || opener === '[') return { kind: 'json-document', shape: opener === '[' ? 'array' : 'object' };
  return { kind: 'jsonl' };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The one message for a file that is a single JSON document: what it is, and how to make JSONL of it. */
export function jsonDocumentMessage(shape: 'array' | 'object'): string {
  if (shape === 'array') {
    return "this file is one JSON document (an array), not JSONL: tgrade reads one JSON record per line. Convert it with `jq -c '.[]' FILE > FILE.jsonl`";
  }
  return 'this file is one JSON document (an object over several lines), not JSONL: tgrade reads one JSON record per line. ' +
    "If it is an Inspect log, it does not begin the way Inspect writes logs ({\"version\": …, \"eval\": …}); if it is one transcript, put it on one line with `jq -c . FILE > FILE.jsonl`";
}
