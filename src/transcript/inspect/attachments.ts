/**
 * inspect_ai `log/_condense.py` stores long or binary content once per sample, in `attachments`
 * (hash → content), and leaves `attachment://<hash>` in its place; logs from before 0.3.4x used
 * `tc://<hash>`. A reference is always a whole string value, so resolving is a walk that swaps
 * such strings for their content. A reference with no attachment is reported by path, never left
 * in the text as if the model had written it.
 */
const PROTOCOLS = ['attachment://', 'tc://'];

export interface ResolvedAttachments<T> {
  value: T;
  /** `attachment://<hash>` at `messages.2.content.0.image`, for each reference with no content. */
  missing: string[];
}

/**
 * Resolves the references in `value` in place (it is a sample just parsed, owned by the reader: a
 * copy of every message cost more than mapping it) and returns it with the references it could not.
 */
export function resolveAttachments<T>(value: T, attachments: Readonly<Record<string, unknown>>): ResolvedAttachments<T> {
  const missing: string[] = [];
  const resolved = (text: string, path: () => string): string => {
    if (text.charCodeAt(0) !== 97 && text.charCodeAt(0) !== 116) return text; // 'a'ttachment:// or 't'c://
    const protocol = PROTOCOLS.find((prefix) => text.startsWith(prefix));
    if (protocol === undefined) return text;
    const content = attachments[text.slice(protocol.length)];
    if (typeof content === 'string') return content;
    missing.push(`${text} at ${path()}`);
    return text;
  };
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index += 1) {
        const item: unknown = node[index];
        if (typeof item === 'string') node[index] = resolved(item, () => `${path}.${index}`);
        else if (item !== null && typeof item === 'object') walk(item, `${path}.${index}`);
      }
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item === 'string') record[key] = resolved(item, () => `${path}.${key}`);
        else if (item !== null && typeof item === 'object') walk(item, `${path}.${key}`);
      }
    }
  };
  walk(value, 'messages');
  return { value, missing };
}
