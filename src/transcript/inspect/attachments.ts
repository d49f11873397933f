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

export function resolveAttachments<T>(value: T, attachments: Readonly<Record<string, unknown>>): ResolvedAttachments<T> {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      const protocol = PROTOCOLS.find((prefix) => node.startsWith(prefix));
      if (protocol === undefined) return node;
      const content = attachments[node.slice(protocol.length)];
      if (typeof content === 'string') return content;
      missing.push(`${node} at ${path}`);
      return node;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}.${index}`));
    if (node !== null && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) copy[key] = walk(item, path === '' ? key : `${path}.${key}`);
      return copy;
    }
    return node;
  };
  return { value: walk(value, 'messages') as T, missing };
}
