import { describeSource } from '../transcript/schema.js';
import { describeUnread } from '../transcript/unread-tally.js';
import type { ShownTranscript } from './transcript-parts.js';

/**
 * `tgrade show` for a person: each part under a header with its kind and offsets, its text
 * indented. Model output is untrusted: control characters other than newline and tab are shown as
 * \u escapes, so an escape sequence in a transcript cannot rewrite the terminal.
 */
export function formatShown(shown: ShownTranscript, options: { metadataChars?: number } = {}): string {
  const lines: string[] = [`── ${safe(shown.id)}  (${safe(describeSource(shown.source))})  ${shown.parts.length} part(s)`];
  for (const part of shown.parts) {
    const where = part.start === null || part.end === null ? 'no offsets' : `${part.start}–${part.end}`;
    lines.push(`  [${part.kind}${part.tool === undefined ? '' : `: ${safe(part.tool)}`}  ${where}]`);
    const body = part.text.trim() === '' ? '(empty)' : part.text;
    for (const line of safe(body).split('\n')) lines.push(`    ${line}`);
  }
  if (shown.parts.length === 0) lines.push('  (no parts: the graders would see nothing in this transcript)');
  for (const line of describeUnread(shown.unreadShapes ?? {})) lines.push(`  not read: ${safe(line)}`);
  for (const what of shown.unreadReasoning ?? []) lines.push(`  reasoning not read: ${safe(what)}`);
  const metadata = JSON.stringify(shown.metadata);
  const limit = options.metadataChars ?? 400;
  if (metadata !== '{}') lines.push(`  metadata: ${safe(metadata.length > limit ? `${metadata.slice(0, limit - 1)}…` : metadata)}`);
  return `${lines.join('\n')}\n`;
}

function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
