/**
 * Text that came from files (transcript quotes, item ids, rater names) printed to a terminal:
 * control characters are shown as \u escapes, because an escape sequence in model output could
 * move the cursor or rewrite what the reader sees. Newlines show as \n.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => (char === '\n' ? '\\n' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A quote in double quotes, escaped and cut to `maxLength` characters. */
export function quoted(text: string, maxLength = 200): string {
  const escaped = escapeControls(text);
  return `"${escaped.length > maxLength ? `${escaped.slice(0, maxLength - 1)}…` : escaped}"`;
}
