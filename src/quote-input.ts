/**
 * Text that came from input files (transcripts, ids, rater names, a JSON parser's excerpt of a bad
 * line) quoted in a message: control characters are shown as \u escapes, because an escape
 * sequence in model output (`\x1b]0;…\x07`) could retitle or drive the terminal that prints the
 * message, and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) could make it read
 * differently from what it is ("Trojan Source", Boucher & Anderson 2021). Newlines show as \n.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => (char === '\n' ? '\\n' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A quote in double quotes, escaped and cut to `maxLength` characters. */
export function quoted(text: string, maxLength = 200): string {
  const escaped = escapeControls(text);
  return `"${escaped.length > maxLength ? `${escaped.slice(0, maxLength - 1)}…` : escaped}"`;
}
