/**
 * Error records grouped by cause (code and message), so a run that could not grade much can say why
 * in the terminal instead of only in the results file. A message is the cause with the details that
 * differ between attempts set aside ("(gave up after 7 attempts)"); distinct causes are capped, so a
 * message carrying a per-request detail cannot grow the table without bound.
 */
export interface ErrorCause {
  code: string;
  message: string;
  count: number;
}

const MAX_DISTINCT_CAUSES = 200;
const MAX_MESSAGE_CHARS = 300;
const OTHER = '(other causes)';

export class ErrorCauses {
  private readonly counts = new Map<string, ErrorCause>();

  add(code: string | undefined, message: string | undefined): void {
    const cause = { code: code ?? 'E_UNKNOWN', message: causeOf(message ?? '') };
    let key = JSON.stringify([cause.code, cause.message]);
    let entry = this.counts.get(key);
    if (entry === undefined && this.counts.size >= MAX_DISTINCT_CAUSES) {
      key = OTHER;
      entry = this.counts.get(key);
      cause.code = 'E_OTHER';
      cause.message = OTHER;
    }
    if (entry === undefined) this.counts.set(key, { ...cause, count: 1 });
    else entry.count += 1;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Most common first; ties in order of first appearance. */
  list(): ErrorCause[] {
    return [...this.counts.values()].map((cause) => ({ ...cause })).sort((a, b) => b.count - a.count);
  }
}

function causeOf(message: string): string {
  const cause = message.replace(/ \(gave up after \d+ attempts\)$/, '').trim();
  return cause.length <= MAX_MESSAGE_CHARS ? cause : `${cause.slice(0, MAX_MESSAGE_CHARS)}…`;
}
